import CiviCore
import Testing
@testable import CiviLang

@Suite("Help catalog")
struct LibraryHelpCatalogTests {
    @Test func everyLibraryBuiltinAndInterpreterBuiltinHasAnEntry() {
        let builtins = Set(HelpCatalog.entries(of: .builtin).map(\.name))
        for name in Builtins.all.keys { #expect(builtins.contains(name), "no help for \(name)") }
        for name in ["print", "assert", "error", "sleep", "exit", "args"] { #expect(builtins.contains(name), "no help for \(name)") }
    }

    @Test func everyStageHasAnEntry() {
        let stages = Set(HelpCatalog.entries(of: .stage).map(\.name))
        let expected = ["where", "map", "select", "sort", "take", "skip", "first", "last", "count", "sum", "avg", "min", "max",
                        "group", "unique", "flatten", "collect", "each", "parallel", "table", "json", "csv", "save"]
        #expect(stages == Set(expected))
    }

    @Test func apiEntriesComeFromTheResourceTable() throws {
        let api = Set(HelpCatalog.entries(of: .api).map(\.name))
        #expect(api == ["campaigns", "campaign", "actions", "action", "advocates", "advocate", "create_campaign", "create_action",
                        "create_advocate", "update", "delete", "get", "post", "put", "patch", "request",
                        "campaign_actions", "campaign_advocates"])
        for spec in ResourceTable.civiClick.resources {
            let entry = try #require(HelpCatalog.entry(named: spec.name))
            for filter in spec.filters {
                #expect(entry.signature.contains("\(filter.name):"))
                #expect(entry.details.contains(filter.summary))
            }
        }
        #expect(HelpCatalog.entry(named: "delete")?.details.contains("Deletable: advocates") == true)
    }

    @Test func topicsAndMetaCommands() {
        for topic in ["syntax", "values", "strings", "operators", "pipelines", "streams", "errors", "dates", "files"] {
            #expect(HelpCatalog.topic(named: topic) != nil, "no topic \(topic)")
        }
        #expect(HelpCatalog.entry(named: "help")?.name == ":help")
        #expect(HelpCatalog.entry(named: "values")?.kind == .builtin)
        #expect(HelpCatalog.entry(named: "topic values")?.kind == .topic)
        #expect(HelpCatalog.entry(named: "stage map")?.kind == .stage)
        #expect(HelpCatalog.entry(named: "nonsense") == nil)
    }

    @Test func entriesAreCompleteAndUnique() {
        var seen: Set<String> = []
        for e in HelpCatalog.entries {
            #expect(seen.insert("\(e.kind.rawValue)/\(e.name)").inserted, "duplicate \(e.name)")
            #expect(!e.summary.isEmpty && !e.summary.contains("\n"), "summary of \(e.name) is one line")
            #expect(!e.details.isEmpty && !e.example.isEmpty, "\(e.name) has details and an example")
        }
    }

    @Test func examplesAreValidCivi() {
        // `check` also reports names the example leaves undefined (a, rows, ...); only syntax counts here.
        let interpreter = Interpreter(host: nil, options: InterpreterOptions())
        for e in HelpCatalog.entries where e.kind != .meta {
            let problems = interpreter.check(e.example, name: "help:\(e.name)").filter { !$0.message.hasPrefix("unknown name") }
            #expect(problems.isEmpty, "example of \(e.name): \(problems.map(\.message))")
        }
    }

    @Test func renderings() throws {
        let split = try #require(HelpCatalog.entry(named: "split"))
        let text = HelpCatalog.text(for: split)
        #expect(text.hasPrefix("split(s, sep)\n  "))
        #expect(text.contains("Example:\n  split("))
        #expect(HelpCatalog.overview().contains("\nPipeline stages:\n"))
        let md = HelpCatalog.referenceMarkdown()
        #expect(md.contains("## API functions"))
        #expect(md.contains("### `advocates(email:, q:, state:"))
        #expect(HelpCatalog.suggestions(for: "splt").contains("split"))
    }
}
