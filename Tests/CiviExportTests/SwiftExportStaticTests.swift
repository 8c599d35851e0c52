@testable import CiviExport
import CiviLang
import CiviTestSupport
import Foundation
import Testing

/// Checks of the exported Swift files themselves and of the Swift runtime: they parse, hold no
/// key, the prelude typechecks alone, and a construct the Swift runtime lacks is an error with
/// its place, never a program that fails to compile.
struct SwiftExportStaticTests {
    @Test func everyExportedSwiftProgramParsesAndHoldsNoKey() throws {
        let harness = ExportHarness(home: try CiviProcess.temporaryHome(), seedIDs: [])
        var exported = 0
        for path in ExportHarness.programs {
            let (file, out) = try harness.export(path, target: "swift", fileExtension: "swift")
            guard out.status == 0 else { continue }
            exported += 1
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.contains("sk_sandbox_exportcorpus_secret"), "\(file) holds the API key")
            let parse = try ExternalProgram.run("swiftc", ["-parse", file], environment: ProcessInfo.processInfo.environment)
            #expect(parse.status == 0, "swiftc -parse \(file): \(parse.stderr)")
        }
        #expect(exported >= SwiftExportTests.subsetFloor)
    }

    @Test func thePreludeTypechecksOnItsOwnWithoutWarnings() throws {
        let prelude = Repository.root + "/Sources/CiviExport/Preludes/prelude.swift"
        let check = try ExternalProgram.run("swiftc", ["-typecheck", prelude], environment: ProcessInfo.processInfo.environment, timeout: 120)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("warning:"), "\(check.stderr)")
    }

    /// The sections of the prelude are cut by name: every section the dialect can ask for exists
    /// and every one an exported program needs comes along (a cut program compiles on its own).
    @Test func aProgramCarriesOnlyTheSectionsItUses() throws {
        let program = try Exporter.export("print(upper(\"a\") + \"b\")\n", name: "small.civi", to: .swift)
        #expect(program.contains("func civi_upper"))
        #expect(!program.contains("final class Query"), "a program without API calls carries the API client")
        #expect(!program.contains("func civi_read_csv"))
        let file = try CiviProcess.temporaryHome() + "/small.swift"
        try program.write(toFile: file, atomically: true, encoding: .utf8)
        let built = SwiftBuild.compile(file)
        #expect(built.binary != nil, "\(built.diagnostics)")
        #expect(!built.diagnostics.contains("warning:"), "\(built.diagnostics)")
        if let binary = built.binary {
            let run = try ExternalProgram.run(binary, [], environment: ProcessInfo.processInfo.environment)
            #expect(run.stdout == "Ab\n", "\(run.stderr)")
        }
    }

    /// What the Swift runtime lacks is said at the construct that needs it: the dialect names the
    /// helpers it has, and the walk checks every helper it asks for against them.
    @Test func aHelperTheRuntimeLacksIsAnErrorAtTheConstructThatNeedsIt() throws {
        let source = "xs = [1, 2, 3]\nys = xs | parallel 2 it * 2\nprint(read_csv(\"a.csv\"))\n"
        for (lacking, place, construct) in [("parallel", "jobs.civi:2:11", "the `parallel` stage"),
                                            ("civi_read_csv", "jobs.civi:3:7", "the built-in `read_csv()`")] {
            let emitter = ProgramEmitter(tree: try SyntaxTree.parse(source, name: "jobs.civi"), mode: .script, dialect: SwiftDialect())
            emitter.state.supportedHelpers = SwiftDialect.library.allNames.subtracting([lacking])
            do {
                _ = try emitter.program(name: "jobs.civi")
                Issue.record("exported without \(lacking)")
            } catch let error as Diagnostic {
                let text = error.render(color: false)
                #expect(text.contains("\(place): error: \(construct) cannot be exported"), "\(text)")
                #expect(text.contains("the Swift runtime does not have it"), "\(text)")
            }
        }
        // The real runtime has both: the same program exports.
        #expect(throws: Never.self) { try Exporter.export(source, name: "jobs.civi", to: .swift) }
    }

    /// The constructs the Swift runtime once lacked (the date formatting built-ins, `table`, API
    /// functions as values, named arguments of function values) export, and every built-in call does.
    @Test func theDateTableAndFunctionValueConstructsExportToSwift() throws {
        for source in ["print(format_date(now(), \"%Y\"), parse_date(\"2026\", \"%Y\"), date_trunc(now(), \"day\"))\n",
                       "print([{a: 1}] | table)\n", "f = advocates\nprint(f() | count)\n", "ids = [\"x\"]\nprint(ids | map advocate)\n",
                       "fn g(x) { x }\nh = g\ntry { h(1, x: 2) } catch e { print(e.message) }\n"] {
            #expect(throws: Never.self, "\(source)") { try Exporter.export(source, name: "ok.civi", to: .swift) }
        }
        for n in LanguageNames.builtins {
            #expect(throws: Never.self, "\(n)() → swift") { try Exporter.export("fn probe() { \(n)(1) }\n", name: "calls.civi", to: .swift) }
        }
    }

    /// What the Swift runtime still refuses is an error at its place, also inside a library
    /// brought in by `use`: a list function used as a value with named arguments (as in every
    /// target) and an assignment to a `fn`'s name (a Swift function is a declaration).
    @Test func whatTheSwiftRuntimeDoesNotHaveIsAnErrorAtItsPlace() throws {
        for (source, place, construct) in [
            ("f = advocates\nprint(f(state: \"CA\") | count)\n", "refused.civi:1:5", "the list function `advocates` used as a value"),
            ("fn f(x) { x }\nf = 3\n", "refused.civi:2:1", "an assignment to the function `f`"),
        ] {
            do {
                _ = try Exporter.export(source, name: "refused.civi", to: .swift)
                Issue.record("exported \(construct) to Swift")
            } catch {
                let text = error.render(color: false)
                #expect(text.contains("\(place): error: \(construct) cannot be exported"), "\(text)")
            }
        }
        let home = try CiviProcess.temporaryHome()
        try "fn stamp() { 1 }\nstamp = 2\n".write(toFile: home + "/lib.civi", atomically: true, encoding: .utf8)
        try "use \"lib.civi\"\nprint(1)\n".write(toFile: home + "/main.civi", atomically: true, encoding: .utf8)
        let out = try CiviProcess.run(["export", "--to", "swift", home + "/main.civi"], environment: CiviProcess.environment(home: home))
        #expect(out.status != 0 && out.stderr.contains("lib.civi:2:1: error: an assignment to the function `stamp` cannot be exported"),
                "\(out.stderr)")
    }

    @Test func reassigningAFunctionNameIsAnErrorInSwiftOnly() throws {
        let source = "fn f(x) { x }\nf = 3\nprint(f)\n"
        do {
            _ = try Exporter.export(source, name: "rebind.civi", to: .swift)
            Issue.record("exported a reassigned fn to Swift")
        } catch {
            #expect(error.render(color: false).contains("rebind.civi:2:1: error: an assignment to the function `f` cannot be exported"),
                    "\(error.render(color: false))")
        }
        #expect(throws: Never.self) { try Exporter.export(source, name: "rebind.civi", to: .python) }
    }

    @Test func swiftIsATargetByName() {
        #expect(ExportTarget(named: "swift") == .swift)
        #expect(ExportTarget.swift.fileExtension == "swift")
        #expect(ExportTarget.namesForUsage.contains("swift"))
    }
}
