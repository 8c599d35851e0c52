import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// The exported programs do what civi does: for every corpus program, civi, the exported Python
/// and the exported JavaScript each run against a fresh sandbox with the same seed and must print
/// byte-identical output and leave the same records behind.
@Suite(.serialized)
struct ExportCorpusTests {
    @Test func theCorpusHasAtLeastFortyPrograms() {
        #expect(ExportHarness.programs.count >= 40)
        #expect(ExportHarness.programs.contains { $0.hasSuffix("05_bulk.civi") })
        #expect(ExportHarness.programs.contains { $0.hasSuffix("import_advocates.civi") })
    }

    @Test func everyProgramPrintsTheSameAndLeavesTheSameRecordsInEveryLanguage() async throws {
        let harness = try await ExportHarness.make()
        for path in ExportHarness.programs {
            let name = ExportHarness.name(path)
            async let first = TestSandbox.start(ExportHarness.options())
            async let second = TestSandbox.start(ExportHarness.options())
            async let third = TestSandbox.start(ExportHarness.options())
            let sandboxes = try await [first, second, third]
            var exported: [ExportHarness.Language: String] = [:]
            for language in ExportHarness.Language.allCases {
                let (file, out) = try harness.export(path, to: language)
                #expect(out.status == 0, "\(name) → \(language): \(out.stderr)")
                exported[language] = file
            }
            let files = exported
            // The three runs are independent (one sandbox each): run them at the same time.
            nonisolated(unsafe) var runs: [ExportHarness.Run?] = [nil, nil, nil]
            nonisolated(unsafe) var failures: [String] = []
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: 3) { n in
                do {
                    let run: ExportHarness.Run
                    if n == 0 {
                        run = try harness.runCivi(path, on: sandboxes[0])
                    } else {
                        let language = ExportHarness.Language.allCases[n - 1]
                        run = try harness.runExported(files[language]!, language: language, source: path,
                                                      baseURL: sandboxes[n].server.baseURL, apiKey: sandboxes[n].server.apiKey)
                    }
                    lock.withLock { runs[n] = run }
                } catch {
                    lock.withLock { failures.append("\(name) run \(n): \(error)") }
                }
            }
            #expect(failures.isEmpty, "\(failures)")
            var states: [[String]] = []
            // A program that sends no writes cannot change the records: only writers are dumped.
            let writes = try ExportHarness.writes(path)
            for sandbox in sandboxes {
                states.append(writes ? try harness.state(of: sandbox) : [])
                await sandbox.stop()
            }
            guard let civi = runs[0] else { continue }
            for (n, language) in ExportHarness.Language.allCases.enumerated() {
                guard let run = runs[n + 1] else { continue }
                #expect(run.stdout == civi.stdout, "\(name) in \(language) printed differently; stderr: \(run.stderr)")
                #expect(run.status == civi.status, "\(name) in \(language) exited \(run.status), civi \(civi.status): \(run.stderr)")
                let difference = Set(states[n + 1]).symmetricDifference(states[0]).sorted().prefix(4)
                #expect(states[n + 1] == states[0], "\(name) in \(language) left different records: \(difference)")
            }
        }
    }

    /// With 30 % of requests answered 503, the exported programs retry (the same Idempotency-Key
    /// for a create) and still print the same and create exactly the same records.
    @Test func writesSurviveInjected503sWithoutDuplicates() async throws {
        let harness = try await ExportHarness.make()
        let writers = ["api_create_update", "api_bulk_parallel", "api_campaign_flow", "api_errors", "04_chain", "05_bulk"]
        for path in ExportHarness.programs where writers.contains(ExportHarness.name(path)) {
            let name = ExportHarness.name(path)
            let reference = try await TestSandbox.start(ExportHarness.options())
            let civi = try harness.runCivi(path, on: reference)
            let expected = try harness.state(of: reference)
            await reference.stop()
            for language in ExportHarness.Language.allCases {
                let (file, _) = try harness.export(path, to: language)
                // The faulty server keeps its data in a file so a healthy one can read it back.
                let db = try CiviProcess.temporaryHome() + "/sandbox.sqlite"
                let faulty = try await TestSandbox.start(ExportHarness.options(failRate: 0.3, dbPath: db))
                let run = try harness.runExported(file, language: language, source: path,
                                                  baseURL: faulty.server.baseURL, apiKey: faulty.server.apiKey)
                await faulty.stop()
                let healthy = try await TestSandbox.start(ExportHarness.options(dbPath: db))
                let state = try harness.state(of: healthy)
                await healthy.stop()
                #expect(run.stdout == civi.stdout, "\(name) in \(language) with 503s printed differently; stderr: \(run.stderr)")
                let difference = Set(state).symmetricDifference(expected).sorted().prefix(4)
                #expect(state == expected, "\(name) in \(language) with 503s left different records: \(difference)")
            }
        }
    }
}
