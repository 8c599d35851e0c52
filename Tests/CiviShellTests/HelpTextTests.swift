import CiviLang
import CiviShell
import Testing

/// `:help` text: record fields of API listings, word wrapping to the terminal.
@Suite struct HelpTextTests {
    @Test func helpForAListingNamesTheRecordsFields() {
        let text = HelpText.render(topic: "advocates")
        #expect(text.contains("Record fields: id, campaign_ids, action_count, created_at, updated_at, first_name"), "\(text)")
        #expect(HelpText.render(topic: "campaign").contains("Record fields: id, action_count"))
    }

    @Test func helpIsWrappedToTheWidthWithoutLosingWords() {
        for topic in ["advocates", "update", "read_csv", ":help", ""] {
            let plain = HelpText.render(topic: topic)
            let wrapped = HelpText.render(topic: topic, width: 50)
            for line in wrapped.split(separator: "\n") where line.count > 50 {
                #expect(!line.trimmingPrefix(while: { $0 == " " }).contains(" "), "only a single long word may exceed the width: \(line)")
            }
            #expect(words(wrapped) == words(plain), "wrapping keeps every word in order (\(topic))")
        }
    }

    @Test func continuationLinesKeepTheirColumn() {
        let wrapped = WordWrap.wrap("  status   campaign status, one of draft active paused closed", width: 30)
        #expect(wrapped == """
          status   campaign status,
                   one of draft active
                   paused closed
        """)
        #expect(WordWrap.wrap("short", width: 30) == "short")
        #expect(WordWrap.wrap("a_very_long_identifier_that_cannot_break", width: 10) == "a_very_long_identifier_that_cannot_break")
        #expect(WordWrap.wrap("one two", width: 0) == "one two")
    }

    private func words(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
}
