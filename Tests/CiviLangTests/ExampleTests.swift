import CiviCore
import CiviTestSupport
import Glibc
import Testing
@testable import CiviLang

/// The project's example scripts: they check clean, and run against an in-memory host.
@Suite struct ExampleTests {
    static let examples = Repository.examples

    func example(_ name: String) throws -> String { try readText("\(Self.examples)/\(name).civi") }

    func runExample(_ name: String, host: FakeHost, args: [String] = []) throws -> Outcome {
        run(try example(name), host: host, name: name) {
            $0.baseDirectory = Self.examples
            $0.arguments = args
            $0.environment = ["TMPDIR": "/tmp"]
        }
    }

    @Test(arguments: ["export_campaign_actions", "import_advocates", "tag_inactive_advocates"])
    func exampleChecksClean(_ name: String) throws {
        let problems = Interpreter(host: nil, options: InterpreterOptions()).check(try example(name), name: name)
        #expect(problems.isEmpty, "\(problems.map { $0.render(color: false) })")
    }

    @Test func tagInactiveTagsThoseWithoutRecentActions() throws {
        let host = FakeHost(advocates: 5)
        let o = try runExample("tag_inactive_advocates", host: host)
        #expect(o.error == nil, "\(o.error?.render(color: false) ?? "")")
        #expect(o.printed.last?.hasSuffix("tagged 2, untagged 0, 3 active advocates") == true, "\(o.printed)")
        #expect(Set(host.log.updates.map(\.0)) == ["adv_3", "adv_4"])
    }

    @Test func exportWritesOneRowPerAction() throws {
        let host = FakeHost(advocates: 4)
        let out = "/tmp/civi-example-export-\(getpid()).csv"
        let o = try runExample("export_campaign_actions", host: host, args: ["cmp_1", out])
        #expect(o.error == nil, "\(o.error?.render(color: false) ?? "")")
        let lines = try readText(out).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first == "action_id,created_at,type,status,advocate_id,email,state")
    }

    @Test func importReportsRejects() throws {
        let host = FakeHost(advocates: 1)
        let rejects = "/tmp/civi-example-rejects-\(getpid()).csv"
        let o = try runExample("import_advocates", host: host, args: ["data/advocates_to_import.csv", rejects])
        #expect(o.error == nil, "\(o.error?.render(color: false) ?? "")")
        #expect(o.printed.last?.hasPrefix("created 5, updated 1, rejected 1") == true, "\(o.printed)")
        #expect(try readText(rejects).contains("not-an-email"))
    }
}

#if canImport(Glibc)
#endif
