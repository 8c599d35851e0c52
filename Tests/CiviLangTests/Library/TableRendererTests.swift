import CiviCore
import Testing
@testable import CiviLang

@Suite("Table and record rendering")
struct LibraryTableRendererTests {
    let people: [Value] = [
        rec(["id": "adv_1", "name": "Ada", "n": 7]),
        rec(["id": "adv_22", "name": "Grace Hopper", "n": 12, "city": nil]),
    ]

    @Test func alignedTableWithFooter() {
        let text = TableRenderer(maxWidth: nil, color: false).render(people, footer: "(2 rows)")
        #expect(text == """
        id      name           n  city
        ──────  ────────────  ──  ────
        adv_1   Ada            7
        adv_22  Grace Hopper  12  null
        (2 rows)
        """)
    }

    @Test func nonRecordListsRenderOneValuePerLine() {
        let text = TableRenderer(maxWidth: nil, color: false).render(["a", 1, rec(["k": nil])], footer: nil)
        #expect(text == "\"a\"\n1\n{k: null}")
        #expect(TableRenderer(maxWidth: nil, color: false).render([], footer: "(0 rows)") == "(0 rows)")
    }

    @Test func nestedValuesAreCompactAndCellsStayOnOneLine() {
        let rows: [Value] = [rec(["tags": ["a", "b"], "note": "two\nlines"])]
        let text = TableRenderer(maxWidth: nil, color: false).render(rows, footer: nil)
        #expect(text.split(separator: "\n").last == "[\"a\", \"b\"]  two\\nlines")
    }

    @Test func fittingKeepsIdAndLeadingColumnsAndSaysWhatIsHidden() {
        let wide: [Value] = [rec(["name": "Ada Lovelace", "email": "ada@example.org", "id": "adv_1", "city": "London", "zip": "N1"])]
        let text = TableRenderer(maxWidth: 30, color: false).render(wide, footer: "(1 row)")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines[0].hasPrefix("name"))
        #expect(lines[0].contains("id"))
        #expect(lines[2] == "Ada Lovela…  ada@examp…  adv_1")
        #expect(lines.contains("2 columns hidden: city, zip"))
        #expect(lines.last == "(1 row)")
    }

    @Test func longCellsAreCutWithAnEllipsisCountingCharacters() {
        let rows: [Value] = [rec(["id": "adv_1", "bio": .string(String(repeating: "é", count: 50))])]
        let text = TableRenderer(maxWidth: 20, color: false).render(rows, footer: nil)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[2] == "adv_1  " + String(repeating: "é", count: 12) + "…")
        #expect(lines.allSatisfy { $0.count <= 20 })
    }

    @Test func idsAreNeverCutOtherColumnsGiveWayFirst() {
        let rows: [Value] = [rec(["id": "adv_0123456789abcdefghij", "name": "Ada Lovelace of London", "campaign_id": "cmp_0123456789abcd",
                                  "note": "a long note that does not fit"])]
        let text = TableRenderer(maxWidth: 60, color: false).render(rows, footer: nil)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(text)")
        #expect(lines[2].contains("adv_0123456789abcdefghij"), "\(text)")
        #expect(lines[2].contains("cmp_0123456789abcd") || lines.contains { $0.contains("hidden") && $0.contains("campaign_id") },
                "an id column is shown whole or hidden, never cut: \(text)")
        #expect(!lines[2].contains("cmp_0123456789abc…"))
        #expect(lines[2].contains("…"), "the name or note gave way: \(text)")
        // Narrower: the other id column is hidden, not cut.
        let narrow = TableRenderer(maxWidth: 40, color: false).render(rows, footer: nil)
        #expect(narrow.contains("adv_0123456789abcdefghij"), "\(narrow)")
        #expect(!narrow.contains("cmp_0"), "\(narrow)")
        #expect(narrow.contains("campaign_id"), "the hidden column is named: \(narrow)")
    }

    @Test func tinyWidthsNeverCrash() {
        for width in [0, 1, 2, 5] {
            let text = TableRenderer(maxWidth: width, color: false).render(people, footer: "(2 rows)")
            #expect(text.split(separator: "\n").allSatisfy { $0.count <= max(width, 1) })
        }
    }

    @Test func colourOnlyWhenAsked() {
        let plain = TableRenderer(maxWidth: 80, color: false).render(people, footer: "(2 rows)")
        #expect(!plain.contains("\u{1B}"))
        let coloured = TableRenderer(maxWidth: 80, color: true).render(people, footer: "(2 rows)")
        #expect(coloured.contains("\u{1B}[1mid"))
        #expect(coloured.contains("\u{1B}[2mnull"))
        #expect(coloured.split(separator: "\n").allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func onlyNumberColumnsAreRightAligned() {
        let rows: [Value] = [rec(["n": 5, "blank": nil, "mixed": 1]), rec(["n": 100, "blank": nil, "mixed": "abc"])]
        #expect(TableRenderer(maxWidth: nil, color: false).render(rows, footer: nil) == """
          n  blank  mixed
        ───  ─────  ─────
          5  null   1
        100  null   abc
        """)
    }

    @Test func recordRendererAlignsNames() {
        let r = Record([("id", "adv_1"), ("first_name", "Ada"), ("tags", ["vip"]), ("zip", nil)])
        #expect(RecordRenderer().render(r) == """
        id:         adv_1
        first_name: Ada
        tags:       ["vip"]
        zip:        null
        """)
        #expect(RecordRenderer().render(Record()) == "{}")
        let cut = RecordRenderer(maxWidth: 16).render(Record([("note", .string(String(repeating: "x", count: 40)))]))
        #expect(cut == "note: xxxxxxxxx…")
        #expect(!RecordRenderer(color: false).render(r).contains("\u{1B}"))
    }
}
