@testable import CiviExport
import CiviTestSupport
import Foundation
import Testing

/// How exported programs talk to the API: a listing read whole pages like civi (page 1 alone,
/// then at most 16 pages in flight over kept-alive connections), bodies decode to what civi
/// shows, and a kept connection the server dropped is replaced without sending anything twice.
struct PagingTests {
    /// What `support/paged_api.py` saw.
    struct Seen: Decodable {
        var connections: Int
        var requests: Int
        var max_in_flight: Int
        var first_alone: Bool
        var pages: [String: Int]
    }

    private func run(_ source: String, _ language: ExportHarness.Language, serverArguments: [String] = [])
        throws -> (run: CiviProcess.Output, seen: Seen) {
        let home = try CiviProcess.temporaryHome()
        let script = home + "/program.civi"
        try source.write(toFile: script, atomically: true, encoding: .utf8)
        let (file, exported) = try ExportHarness(home: home, seedIDs: []).export(script, to: language)
        #expect(exported.status == 0, "\(exported.stderr)")
        let server = try SupportServer("paged_api.py", arguments: serverArguments)
        let run = try ExternalProgram.run(language.command, [file], environment: CiviProcess.environment(home: home, extra: [
            "CIVICLICK_BASE_URL": server.baseURL, "CIVICLICK_API_KEY": "sk_test_paged",
        ]), timeout: 30)
        let seen = try JSONDecoder().decode(Seen.self, from: Data(try server.finish().utf8))
        return (run, seen)
    }

    @Test(arguments: ExportHarness.Language.allCases)
    func aListingReadWholeAsksForPageOneAloneThenSixteenPagesAtATimeOverKeptConnections(language: ExportHarness.Language) throws {
        let (run, seen) = try run("ids = advocates() | map(.id) | collect\nprint(len(ids))\nprint(join(ids, \" \"))\n", language)
        let ids = (1...4000).map { "adv_" + String(repeating: "0", count: 10 - String($0).count) + String($0) }
        #expect(run.stdout == "4000\n" + ids.joined(separator: " ") + "\n", "\(run.stderr)")
        #expect(seen.pages == Dictionary(uniqueKeysWithValues: (1...40).map { (String($0), 1) }), "every page once: \(seen.pages)")
        #expect(seen.first_alone, "a page was asked for before page 1 (and its meta.total) arrived")
        #expect((2...16).contains(seen.max_in_flight), "\(seen.max_in_flight) pages in flight at once")
        // 40 requests: one connection per request (urllib) would be 40; kept-alive, page 1's plus 16.
        #expect(seen.connections <= 17, "\(seen.connections) connections for 40 pages")
    }

    @Test(arguments: ExportHarness.Language.allCases)
    func bodiesDecodeToWhatCiviShows(language: ExportHarness.Language) throws {
        // Floats that are whole, long integers, all-digit keys (JSON.parse would move them first),
        // dates right under `*_at` keys and not inside lists there, and a text that only looks numeric.
        let source = "print(get(\"/odd\", {v: 1}))\nprint(get(\"/plain\"))\n"
        let (exported, _) = try run(source, language)
        let home = try CiviProcess.temporaryHome()
        try source.write(toFile: home + "/bodies.civi", atomically: true, encoding: .utf8)
        let server = try SupportServer("paged_api.py")
        let civi = try CiviProcess.run(["--base-url", server.baseURL, "run", home + "/bodies.civi"],
                                       environment: CiviProcess.environment(home: home, extra: ["CIVICLICK_API_KEY": "sk_test_paged"]))
        _ = try server.finish()
        #expect(civi.status == 0, "\(civi.stderr)")
        #expect(civi.stdout.contains("when_at: [\"2026-01-01T00:00:00Z\""), "\(civi.stdout)")
        #expect(exported.status == 0 && exported.stdout == civi.stdout, "\(exported.stderr)\n\(exported.stdout)\ncivi:\n\(civi.stdout)")
    }

    @Test(arguments: ExportHarness.Language.allCases)
    func aKeptConnectionTheServerDroppedIsReplacedAndNothingIsSentTwice(language: ExportHarness.Language) throws {
        let (run, seen) = try run("for i in [1, 2, 3] { print(get(\"/plain\").data.a + i) }\n", language, serverArguments: ["--close-idle"])
        #expect(run.status == 0 && run.stdout == "2\n3\n4\n", "\(run.stderr)")
        #expect(seen.requests == 3, "the server answered \(seen.requests) requests")
    }

    @Test func thePythonRuntimeReservesTheNamesItsImportsBind() {
        let library = PreludeLibrary(source: "# @section s needs:\nimport a.b\nimport c.d as e\n", comment: "#")
        #expect(library.allNames == ["a", "e"])
        #expect(PythonDialect.library.allNames.isSuperset(of: ["http_client", "urllib", "concurrent"]))
    }
}
