import CiviExport
import CiviLang
import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// Checks of the exported files themselves: they compile, hold no key, and what cannot be
/// exported is an error with its place, never a partial program.
struct ExportStaticTests {
    @Test func everyExportedProgramCompilesAndHoldsNoKey() throws {
        let harness = ExportHarness(home: try CiviProcess.temporaryHome(), seedIDs: [])
        var pythonFiles: [String] = []
        for path in ExportHarness.programs {
            for language in ExportHarness.Language.allCases {
                let (file, out) = try harness.export(path, to: language)
                #expect(out.status == 0, "\(path): \(out.stderr)")
                let text = try String(contentsOfFile: file, encoding: .utf8)
                #expect(!text.contains("sk_sandbox_exportcorpus_secret"), "\(file) holds the API key")
                if language == .python {
                    pythonFiles.append(file)
                } else {
                    let check = try ExternalProgram.run("node", ["--check", file], environment: ProcessInfo.processInfo.environment)
                    #expect(check.status == 0, "node --check \(file): \(check.stderr)")
                }
            }
        }
        let compile = try ExternalProgram.run("python3", ["-m", "py_compile"] + pythonFiles, environment: ProcessInfo.processInfo.environment)
        #expect(compile.status == 0, "py_compile: \(compile.stderr)")
    }

    @Test(arguments: ExportTarget.allCases)
    func aConstructTheTargetCannotExpressIsAnErrorWithItsPlace(target: ExportTarget) {
        let source = "xs = [{a: 1}]\nprint(xs | table)\n"
        #expect(throws: Diagnostic.self) { try Exporter.export(source, name: "report.civi", to: target) }
        do {
            _ = try Exporter.export(source, name: "report.civi", to: target)
        } catch {
            let text = error.render(color: false)
            #expect(text.contains("report.civi:2:12: error: the `table` stage cannot be exported"), "\(text)")
        }
    }

    @Test(arguments: ExportTarget.allCases)
    func aBuiltInWithoutARuntimeCounterpartIsAnErrorNotAMissingFunction(target: ExportTarget) {
        for (source, column) in [("print(format_date(now(), \"%Y\"))\n", 7), ("x = date_trunc(now(), \"day\")\n", 5)] {
            do {
                _ = try Exporter.export(source, name: "dates.civi", to: target)
                Issue.record("\(source) exported")
            } catch {
                #expect(error.render(color: false).contains("dates.civi:1:\(column): error: the built-in"), "\(error.render(color: false))")
            }
        }
    }

    @Test func theCommandWritesNothingWhenTheProgramCannotBeExported() throws {
        let dir = try CiviProcess.temporaryHome()
        let script = dir + "/bad.civi"
        try "print(1)\nfor x in [1] { print(x |) }\n".write(toFile: script, atomically: true, encoding: .utf8)
        let out = try CiviProcess.run(["export", "--to", "python", script, "-o", dir + "/bad.py"],
                                      environment: CiviProcess.environment(home: dir))
        #expect(out.status == 2)
        #expect(out.stderr.contains("bad.civi:2:"), "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad.py"))
        let unknown = try CiviProcess.run(["export", "--to", "cobol", script], environment: CiviProcess.environment(home: dir))
        #expect(unknown.status == 2 && unknown.stderr.contains("python, js"), "\(unknown.stderr)")
    }

    /// `civi export -e` prints each statement's value as JSON, as `civi -e` does on a pipe.
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
        for source in expressions {
            let civi = try sandbox.evaluate(source, home: home)
            for language in ExportHarness.Language.allCases {
                let file = home + "/expr." + language.fileExtension
                let out = try CiviProcess.run(["export", "--to", language.rawValue, "-e", source, "-o", file],
                                              environment: CiviProcess.environment(home: home))
                #expect(out.status == 0, "\(out.stderr)")
                let run = try ExternalProgram.run(language.command, [file], environment: CiviProcess.environment(home: home, extra: [
                    "CIVICLICK_BASE_URL": sandbox.server.baseURL, "CIVICLICK_API_KEY": sandbox.server.apiKey,
                ]))
                #expect(run.stdout == civi.stdout, "\(source) in \(language): \(run.stderr)")
            }
        }
        await sandbox.stop()
    }
}
