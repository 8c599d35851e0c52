import CiviLang
import CiviShell
import CiviTestSupport
import Foundation
import Testing

/// `docs/reference.md` is generated from the same help catalog as `:help`; this keeps it true.
@Suite struct ReferenceDocTests {
    @Test func referenceDocMatchesTheHelpCatalog() throws {
        let path = Repository.root + "/docs/reference.md"
        let generated = HelpCatalog.referenceMarkdown()
        if ProcessInfo.processInfo.environment["CIVI_UPDATE_REFERENCE"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(existing == generated, "docs/reference.md is stale: run `CIVI_UPDATE_REFERENCE=1 swift test --filter ReferenceDocTests`")
    }

    @Test func helpCoversEveryStageAndBuiltinOfTheBrief() {
        let text = HelpText.render(topic: nil)
        for name in ["where", "map", "select", "sort", "take", "skip", "first", "last", "count", "sum", "avg", "min", "max",
                     "group", "unique", "flatten", "collect", "each", "parallel", "table", "json", "csv", "save",
                     "print", "len", "keys", "values", "has", "str", "int", "float", "type", "lower", "upper", "trim",
                     "split", "join", "replace", "starts_with", "ends_with", "contains", "range", "now", "date", "days",
                     "hours", "minutes", "seconds", "env", "args", "read_json", "read_csv", "read_text", "write_json",
                     "write_csv", "write_text", "assert", "error", "sleep", "exit",
                     "campaigns", "campaign", "actions", "action", "advocates", "advocate", "create_campaign",
                     "create_action", "create_advocate", "update", "delete", "get", "post", "put", "patch", "request"] {
            #expect(text.contains(name), "no help entry mentions \(name)")
            #expect(!HelpText.render(topic: name).hasPrefix("no help"), "`:help \(name)` finds nothing")
        }
        #expect(HelpText.render(topic: "advocates").contains("state"), "API help lists the filters")
    }
}
