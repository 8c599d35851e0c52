import CiviExport
import CiviLang
import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `civi export --to swift`: the corpus programs that export to Swift (the subset) compile,
/// print byte-identical output and leave the same records as civi, also through injected 503s;
/// the prelude typechecks on its own; what Swift lacks is an export error with its place.
@Suite(.serialized)
struct SwiftExportTests {
    /// Fewer corpus programs exporting to Swift than this is a regression, not a smaller subset.
    static let subsetFloor = 58

    /// The subset: every corpus program that exports to Swift, exported and compiled once.
    static func exportedAndCompiled(_ harness: ExportHarness, only names: Set<String>? = nil)
        throws -> (programs: [(path: String, built: SwiftBuild.Built)], skipped: [String]) {
        var files: [(path: String, file: String)] = []
        var skipped: [String] = []
        for path in ExportHarness.programs where names?.contains(ExportHarness.name(path)) ?? true {
            let (file, out) = try harness.export(path, target: "swift", fileExtension: "swift")
            if out.status == 0 { files.append((path, file)) } else { skipped.append(ExportHarness.name(path) + ": " + out.stderr) }
        }
        let built = SwiftBuild.compile(files.map(\.file))
        return (zip(files, built).map { ($0.0.path, $0.1) }, skipped)
    }

    @Test func everyProgramThatExportsToSwiftPrintsTheSameAndLeavesTheSameRecords() async throws {
        let harness = try await ExportHarness.make()
        let started = Date()
        let (programs, skipped) = try SwiftExportTests.exportedAndCompiled(harness)
        let compiled = Date().timeIntervalSince(started)
        #expect(programs.count >= SwiftExportTests.subsetFloor, "only \(programs.count) programs export to Swift; not: \(skipped)")
        for (path, built) in programs {
            let name = ExportHarness.name(path)
            guard let binary = built.binary else {
                Issue.record("\(name).swift does not compile: \(built.diagnostics)")
                continue
            }
            async let first = TestSandbox.start(ExportHarness.options())
            async let second = TestSandbox.start(ExportHarness.options())
            let sandboxes = try await [first, second]
            nonisolated(unsafe) var runs: [ExportHarness.Run?] = [nil, nil]
            nonisolated(unsafe) var failures: [String] = []
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: 2) { n in
                do {
                    let run = n == 0 ? try harness.runCivi(path, on: sandboxes[0])
                        : try harness.run(binary, [], source: path, baseURL: sandboxes[1].server.baseURL, apiKey: sandboxes[1].server.apiKey)
                    lock.withLock { runs[n] = run }
                } catch {
                    lock.withLock { failures.append("\(name) run \(n): \(error)") }
                }
            }
            #expect(failures.isEmpty, "\(failures)")
            let writes = try ExportHarness.writes(path)
            var states: [[String]] = []
            for sandbox in sandboxes {
                states.append(writes ? try harness.state(of: sandbox) : [])
                await sandbox.stop()
            }
            guard let civi = runs[0], let swift = runs[1] else { continue }
            #expect(swift.stdout == civi.stdout, "\(name) in Swift printed differently; stderr: \(swift.stderr)")
            #expect(swift.status == civi.status, "\(name) in Swift exited \(swift.status), civi \(civi.status): \(swift.stderr)")
            let difference = Set(states[1]).symmetricDifference(states[0]).sorted().prefix(4)
            #expect(states[1] == states[0], "\(name) in Swift left different records: \(difference)")
        }
        print("swift export corpus: \(programs.count) programs, compiled in \(Int(compiled)) s, all in \(Int(Date().timeIntervalSince(started))) s")
    }

    /// The exported file is also a script: `swift FILE` runs it as it is, no build step.
    @Test func theExportedFileRunsAsAScriptWithSwift() async throws {
        let harness = try await ExportHarness.make()
        let path = try #require(ExportHarness.programs.first { ExportHarness.name($0) == "api_take" })
        let (file, out) = try harness.export(path, target: "swift", fileExtension: "swift")
        #expect(out.status == 0, "\(out.stderr)")
        async let first = TestSandbox.start(ExportHarness.options())
        async let second = TestSandbox.start(ExportHarness.options())
        let sandboxes = try await [first, second]
        let civi = try harness.runCivi(path, on: sandboxes[0])
        let script = try harness.run("swift", [file], source: path, baseURL: sandboxes[1].server.baseURL, apiKey: sandboxes[1].server.apiKey)
        for sandbox in sandboxes { await sandbox.stop() }
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.stdout == civi.stdout, "\(script.stderr)")
    }

    /// `civi export --to swift -e` prints each statement's value as JSON, as `civi -e` does on a pipe.
    @Test func expressionsPrintTheirValuesAsCiviDoes() async throws {
        let sandbox = try await TestSandbox.start(ExportHarness.options())
        let home = try CiviProcess.temporaryHome()
        let expressions = [
            "[1, 2.0, \"x\", {a: null, b: [true]}, 1e16]",
            "advocates(state: \"CA\") | take 3 | select email, state, created_at",
            "x = 2; x * 21; null; \"text\"",
            "campaigns() | count",
            "if (campaigns() | count) > 0 { \"some\" } else { \"none\" }",
        ]
        var files: [String] = []
        for (n, source) in expressions.enumerated() {
            let file = home + "/expr\(n).swift"
            let out = try CiviProcess.run(["export", "--to", "swift", "-e", source, "-o", file], environment: CiviProcess.environment(home: home))
            #expect(out.status == 0, "\(out.stderr)")
            files.append(file)
        }
        for (source, built) in zip(expressions, SwiftBuild.compile(files)) {
            guard let binary = built.binary else {
                Issue.record("\(source) does not compile: \(built.diagnostics)")
                continue
            }
            let civi = try sandbox.evaluate(source, home: home)
            let run = try ExternalProgram.run(binary, [], environment: CiviProcess.environment(home: home, extra: [
                "CIVICLICK_BASE_URL": sandbox.server.baseURL, "CIVICLICK_API_KEY": sandbox.server.apiKey,
            ]))
            #expect(run.stdout == civi.stdout, "\(source) in Swift: \(run.stderr)")
        }
        await sandbox.stop()
    }

    /// A `for` over a listing reads it page by page, as civi does: a loop that breaks early asks
    /// for no page it does not reach, and an error on a later page is thrown where the loop's
    /// `catch` sees it, after the body ran for the records before it.
    @Test func aForOverAListingReadsPageByPageAndAnErrorInItIsCaught() throws {
        let home = try CiviProcess.temporaryHome()
        let programs = [
            ("n = 0\nfor a in advocates() {\n  n = n + 1\n  if n == 150 { break }\n}\nprint(n)\n", "150\n"),
            ("xs = advocates() | map 1 / (150 - int(.id[4:]))\nn = 0\ntry {\n  for x in xs { n = n + 1 }\n} catch e {\n  print(n, contains(e.message, \"division by zero\"))\n}\n",
             "149 true\n"),
        ]
        var files: [String] = []
        for (n, (source, _)) in programs.enumerated() {
            try source.write(toFile: home + "/loop\(n).civi", atomically: true, encoding: .utf8)
            let out = try CiviProcess.run(["export", "--to", "swift", home + "/loop\(n).civi", "-o", home + "/loop\(n).swift"],
                                          environment: CiviProcess.environment(home: home))
            #expect(out.status == 0, "\(out.stderr)")
            files.append(home + "/loop\(n).swift")
        }
        for ((_, expected), built) in zip(programs, SwiftBuild.compile(files)) {
            guard let binary = built.binary else {
                Issue.record("does not compile: \(built.diagnostics)")
                continue
            }
            let server = try SupportServer("paged_api.py")
            let run = try ExternalProgram.run(binary, [], environment: CiviProcess.environment(home: home, extra: [
                "CIVICLICK_BASE_URL": server.baseURL, "CIVICLICK_API_KEY": "sk_test_paged",
            ]), timeout: 30)
            let seen = try JSONDecoder().decode(PagingTests.Seen.self, from: Data(try server.finish().utf8))
            #expect(run.stdout == expected, "\(run.stderr)")
            #expect(seen.pages == ["1": 1, "2": 1], "pages asked for: \(seen.pages)")
        }
    }

    /// With 30 % of requests answered 503, the Swift programs retry (the same Idempotency-Key for
    /// a create) and still print the same and create exactly the same records.
    @Test func writesSurviveInjected503sWithoutDuplicates() async throws {
        let harness = try await ExportHarness.make()
        let writers: Set<String> = ["api_create_update", "api_bulk_parallel", "api_campaign_flow", "api_errors", "04_chain", "05_bulk"]
        let (programs, _) = try SwiftExportTests.exportedAndCompiled(harness, only: writers)
        #expect(programs.count == writers.count, "a writer does not export to Swift")
        for (path, built) in programs {
            let name = ExportHarness.name(path)
            guard let binary = built.binary else {
                Issue.record("\(name).swift does not compile: \(built.diagnostics)")
                continue
            }
            let reference = try await TestSandbox.start(ExportHarness.options())
            let civi = try harness.runCivi(path, on: reference)
            let expected = try harness.state(of: reference)
            await reference.stop()
            let db = try CiviProcess.temporaryHome() + "/sandbox.sqlite"
            let faulty = try await TestSandbox.start(ExportHarness.options(failRate: 0.3, dbPath: db))
            let run = try harness.run(binary, [], source: path, baseURL: faulty.server.baseURL, apiKey: faulty.server.apiKey)
            await faulty.stop()
            let healthy = try await TestSandbox.start(ExportHarness.options(dbPath: db))
            let state = try harness.state(of: healthy)
            await healthy.stop()
            #expect(run.stdout == civi.stdout, "\(name) in Swift with 503s printed differently; stderr: \(run.stderr)")
            let difference = Set(state).symmetricDifference(expected).sorted().prefix(4)
            #expect(state == expected, "\(name) in Swift with 503s left different records: \(difference)")
        }
    }
}
