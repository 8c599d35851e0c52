import CiviCore
import Testing
@testable import CiviShell

/// The completer's pure API: the line before the cursor in, candidates for the word out.
@Suite struct CompleterTests {
    func complete(_ line: String, variables: [String: Value] = [:]) -> [String] {
        let vocabulary = CompletionVocabulary(resources: .civiClick, variables: variables, workingDirectory: "/nonexistent")
        let breaks = Set(" \t\n\"'`@$><=;|&{(,+-*/%!?")
        let chars = Array(line)
        var start = chars.count
        while start > 0, !breaks.contains(chars[start - 1]) { start -= 1 }
        return Completer.complete(line: line, wordStart: start, cursor: chars.count, vocabulary: vocabulary)
    }

    @Test func aDotInAStageCompletesTheListingsRecordFields() {
        #expect(complete("advocates() | where .st") == [".state"])
        #expect(complete("advocates(state: \"CA\") | where .email_opt_in | sort .fi") == [".first_name"])
        #expect(complete("x = campaigns() | where .status == \"active\" | map .ti") == [".title"])
        #expect(complete("campaign_actions(c) | where .adv") == [".advocate_id"])
        #expect(complete("advocates() | where contains(.la") == [".last_name"], "inside a call in the stage")
        #expect(complete("advocates() | where .").contains(".campaign_ids"))
    }

    @Test func stagesThatReshapeRecordsChangeWhatIsOffered() {
        #expect(complete("advocates() | select id, email | where .e") == [".email"])
        #expect(complete("advocates() | select id, email | where .fi").isEmpty)
        #expect(complete("advocates() | map {n: .first_name} | where .fi").isEmpty, "after map the fields are unknown")
        #expect(complete("[1, 2] | where .x").isEmpty)
    }

    @Test func variablesHoldingRecordsOrStreamsKnowTheirFields() {
        let rows: Value = .list([.record(Record([("name", .string("Ada")), ("zip", .string("94110"))])), .record(Record([("nickname", .string("A"))]))])
        #expect(complete("rows | sort .n", variables: ["rows": rows]) == [".name", ".nickname"])
        let fromAPI: Value = .list([.record(Record([("id", .string("adv_1"))], resource: "advocates"))])
        #expect(complete("mine | where .zi", variables: ["mine": fromAPI]) == [".zip"], "a record's resource adds its known fields")
    }

    @Test func enumFiltersOfferTheirValues() {
        #expect(complete("campaigns(status: ") == ["\"active\"", "\"closed\"", "\"draft\"", "\"paused\""])
        #expect(complete("campaigns(type: \"em") == ["email\""])
        #expect(complete("actions(campaign_id: c, status: \"") == ["delivered\"", "failed\"", "pending\""])
        #expect(complete("campaigns(sort: \"-upd") == ["-updated_at\""])
        #expect(complete("advocates(state: ").isEmpty, "a free-text filter has no values to offer")
    }

    @Test func existingCompletionsStillWork() {
        #expect(complete("advocates(sta") == ["state:"])
        #expect(complete("[1] | cou") == ["count"])
        #expect(complete("a.fi", variables: ["a": .record(Record([("first_name", .string("Ada"))]))]) == ["a.first_name"])
        #expect(complete(":verbose o") == ["off", "on"])
    }
}
