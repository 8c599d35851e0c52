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

    /// A list function used as a value is exported, but not in a program that also calls a
    /// function value with named arguments: only civi can match those to a list's filters.
    @Test(arguments: ExportTarget.allCases.filter(\.coversTheWholeLanguage))
    func aConstructTheTargetCannotExpressIsAnErrorWithItsPlace(target: ExportTarget) {
        let source = "f = advocates\nprint(f(state: \"CA\") | count)\n"
        #expect(throws: Diagnostic.self) { try Exporter.export(source, name: "report.civi", to: target) }
        do {
            _ = try Exporter.export(source, name: "report.civi", to: target)
        } catch {
            let text = error.render(color: false)
            #expect(text.contains("report.civi:1:5: error: the list function `advocates` used as a value cannot be exported"), "\(text)")
        }
        #expect(throws: Never.self) { try Exporter.export("f = advocates\nprint(f() | count)\n", name: "ok.civi", to: target) }
    }

    /// Every civi built-in has a counterpart in the Python and JavaScript runtimes: calling any of
    /// them exports, and as a value each is a function (`args` a list) when the exported program runs.
    @Test func everyBuiltInHasACounterpartInEveryRuntime() throws {
        let names = LanguageNames.builtins
        for target in ExportTarget.allCases where target.coversTheWholeLanguage {
            for n in names {
                #expect(throws: Never.self, "\(n)() → \(target)") {
                    try Exporter.export("fn probe() { \(n)(1) }\n", name: "calls.civi", to: target)
                }
            }
        }
        let source = "print([" + names.map { "type(\($0))" }.joined(separator: ", ") + "])\n"
        let expected = "[" + names.map { $0 == "args" ? "\"list\"" : "\"function\"" }.joined(separator: ", ") + "]\n"
        let home = try CiviProcess.temporaryHome()
        for language in ExportHarness.Language.allCases {
            let file = home + "/types." + language.fileExtension
            let text = try Exporter.export(source, name: "types.civi", to: language == .python ? .python : .javascript)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let run = try ExternalProgram.run(language.command, [file], environment: ProcessInfo.processInfo.environment)
            #expect(run.status == 0 && run.stdout == expected, "\(language): \(run.stdout) \(run.stderr)")
        }
    }

    /// `use` follows civi's rules when exporting: a missing library is an error at the `use` line,
    /// a cycle names the chain, and a construct a library cannot export is reported in the library.
    @Test(arguments: ExportTarget.allCases)
    func librariesAreCheckedAndTheirErrorsPointIntoThem(target: ExportTarget) throws {
        let dir = try CiviProcess.temporaryHome()
        try "use \"b.civi\"\nfn fa() { 1 }\n".write(toFile: dir + "/a.civi", atomically: true, encoding: .utf8)
        try "use \"a.civi\"\n".write(toFile: dir + "/b.civi", atomically: true, encoding: .utf8)
        try "x = 1\nf = advocates\n".write(toFile: dir + "/lists.civi", atomically: true, encoding: .utf8)
        func failure(_ source: String) -> String {
            do {
                _ = try Exporter.export(source, name: dir + "/main.civi", to: target)
                return "exported"
            } catch {
                return error.render(color: false)
            }
        }
        let missing = failure("print(1)\nuse \"nowhere.civi\"\n")
        #expect(missing.contains("main.civi:2:1: error: cannot use \"nowhere.civi\""), "\(missing)")
        let cycle = failure("use \"a.civi\"\n")
        #expect(cycle.contains("`use` cycle: "), "\(cycle)")
        let inside = failure("use \"lists.civi\"\nf(state: \"CA\")\n")
        #expect(inside.contains("lists.civi:2:5: error: the list function `advocates` used as a value"), "\(inside)")
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
