import CiviCore
import Foundation
import Testing
@testable import CiviLang

/// `use "lib.civi"`: files in a temporary folder, run in-process as `civi run` would run them
/// (the script's folder is the base directory).
@Suite struct UseTests {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "civi-use-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/lib", withIntermediateDirectories: true)
    }

    func write(_ files: [String: String]) throws {
        for (name, text) in files { try text.write(toFile: root + "/" + name, atomically: true, encoding: .utf8) }
    }

    /// Runs `main` as the script `root/main.civi`.
    func runMain(_ main: String, interpreter: Interpreter? = nil) throws -> Outcome {
        try write(["main.civi": main])
        let path = root + "/main.civi"
        return run(main, name: path, interpreter: interpreter) { o in
            o.scriptPath = path
            o.baseDirectory = root
        }
    }

    @Test func functionsAndVariablesOfAnotherFileRelativeToTheFileThatUsesIt() throws {
        try write([
            "lib/util.civi": "use \"text.civi\"\nGREETING = \"hello\"\nfn double(x) { x * 2 }\n",
            "lib/text.civi": "fn shout(s) { upper(s) + \"!\" }\n",
        ])
        let o = try runMain("use \"lib/util.civi\"\nprint(double(21), GREETING, shout(\"hi\"))")
        #expect(o.error == nil, "\(String(describing: o.error))")
        #expect(o.printed == ["42 hello HI!"])
    }

    @Test func eachFileIsLoadedOnceHoweverOftenItIsUsed() throws {
        try write([
            "lib/counter.civi": "print(\"loading\")\nfn one() { 1 }\n",
            "lib/other.civi": "use \"counter.civi\"\nfn two() { one() + 1 }\n",
        ])
        let o = try runMain("use \"lib/counter.civi\"\nuse \"lib/other.civi\"\nuse \"./lib/../lib/counter.civi\"\nprint(one() + two())")
        #expect(o.error == nil, "\(String(describing: o.error))")
        #expect(o.printed == ["loading", "3"])
    }

    @Test func aCycleIsAnErrorNamingTheChain() throws {
        try write(["lib/a.civi": "fn a() { 1 }\nuse \"b.civi\"\n", "lib/b.civi": "x = 1\nuse \"../main.civi\"\n"])
        let o = try runMain("use \"lib/a.civi\"\nprint(\"not reached\")")
        let e = try #require(o.error)
        #expect(e.message == "`use` cycle: \(root)/main.civi → \(Libraries.displayName(root + "/lib/a.civi")) → "
            + "\(Libraries.displayName(root + "/lib/b.civi")) → \(root)/main.civi")
        #expect(e.file == Libraries.displayName(root + "/lib/b.civi"))
        #expect((e.line, e.column) == (2, 1))
        #expect(e.kind == .syntax)
        #expect(o.printed.isEmpty)
    }

    @Test func aFileThatUsesItselfIsACycle() throws {
        try write(["lib/self.civi": "use \"self.civi\"\n"])
        let e = try #require(try runMain("use \"lib/self.civi\"").error)
        let shown = Libraries.displayName(root + "/lib/self.civi")
        #expect(e.message == "`use` cycle: \(shown) → \(shown)")
    }

    @Test func errorsInsideALibraryReportTheLibrarysPlace() throws {
        try write(["lib/broken.civi": "fn ok() { 1 }\nfn f() {\n  nope_name(1)\n}\n",
                   "lib/fails.civi": "fn boom(x) {\n  x + \"a\"\n}\n"])
        let compile = try #require(try runMain("use \"lib/broken.civi\"\nok()").error)
        #expect(compile.message == "unknown name `nope_name`")
        #expect(compile.file == Libraries.displayName(root + "/lib/broken.civi"))
        #expect((compile.line, compile.column) == (3, 3))
        let runtime = try #require(try runMain("use \"lib/fails.civi\"\nboom(1)").error)
        #expect(runtime.kind == .runtime)
        #expect(runtime.message == "cannot apply `+` to int and string")
        #expect(runtime.file == Libraries.displayName(root + "/lib/fails.civi"))
        #expect((runtime.line, runtime.column) == (2, 3))
    }

    @Test func aMissingFileAndMisplacedUseAreClearErrors() throws {
        let missing = try #require(try runMain("x = 1\nuse \"lib/nope.civi\"").error)
        #expect(missing.message == "cannot use \"lib/nope.civi\": no such file or directory (\(root)/lib/nope.civi)")
        #expect((missing.file, missing.line) == (root + "/main.civi", 2))
        let nested = try #require(try runMain("if true {\n  use \"lib/nope.civi\"\n}").error)
        #expect(nested.message == "`use` must be at the top level of a file, not inside a block or function")
        let interpolated = try #require(try runMain("f = \"x\"\nuse \"${f}.civi\"").error)
        #expect(interpolated.message == "the path after `use` must be a plain string, without ${...}")
    }

    @Test func aFunctionDefinedByTwoFilesIsAnError() throws {
        try write(["lib/text.civi": "fn shout(s) { upper(s) }\n"])
        let e = try #require(try runMain("use \"lib/text.civi\"\nfn shout(s) { s }").error)
        #expect(e.message == "function `shout` is already defined by \(Libraries.displayName(root + "/lib/text.civi")), which this file uses")
        #expect(e.line == 2)
    }

    @Test func aChunkThatFailsToCompileForgetsItsLibraries() throws {
        // The REPL keeps its interpreter: after a failed chunk, a later `use` loads the file afresh.
        try write(["lib/util.civi": "fn double(x) { x * 2 }\n"])
        let interpreter = Interpreter(host: nil, options: InterpreterOptions(baseDirectory: root))
        #expect(run("use \"lib/util.civi\"\n1 +", name: "<repl>", interpreter: interpreter).error != nil)
        let o = run("use \"lib/util.civi\"\ndouble(4)", name: "<repl>", interpreter: interpreter)
        #expect(o.error == nil, "\(String(describing: o.error))")
        #expect(o.value == .int(8))
        // Used again in a later chunk: already loaded, its names still there.
        #expect(run("use \"lib/util.civi\"\ndouble(5)", name: "<repl>", interpreter: interpreter).value == .int(10))
    }

    @Test func checkingCompilesLibrariesWithoutRunningThem() throws {
        try write(["lib/loud.civi": "print(\"ran\")\nfn f() { 1 }\n"])
        try write(["main.civi": "use \"lib/loud.civi\"\nf()"])
        let log = PrintLog()
        let interpreter = Interpreter(host: nil, options: InterpreterOptions(scriptPath: root + "/main.civi", baseDirectory: root,
                                                                             output: { log.append($0) }))
        nonisolated(unsafe) var problems: [Diagnostic] = []
        Workers.runOnLargeStack { problems = interpreter.check("use \"lib/loud.civi\"\nf()\ng()", name: root + "/main.civi") }
        #expect(problems.map(\.message) == ["unknown name `g`"])
        #expect(log.lines.isEmpty)
    }
}
