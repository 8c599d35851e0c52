import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// What the REPL shows for a statement's value, and lines that continue the last one (`|`,
/// `else`, `catch`), through a real pseudo-terminal.
@Suite(.serialized) struct REPLResultTests {
    @Test func aNullResultIsShownButEffectsAndAssignmentsShowNothing() async throws {
        try await withREPL(arguments: ["--no-color", "--sandbox"]) { t in
            try t.expect("> ")
            t.send("r = {name: \"Ada\"}")
            try t.expect("> ")
            t.send("r.city")
            let shown = try t.expect("> ")
            #expect(shown.contains("null"), "a null result must not be blank: \(shown)")
            t.send("print(\"printed-only\")")
            let printed = try t.expect("> ")
            #expect(printed.contains("printed-only"))
            #expect(!printed.contains("null"), "print shows its output alone: \(printed)")
            t.send("if false { 1 }")
            let skipped = try t.expect("> ")
            #expect(!skipped.contains("null"), "an if without else that ran no branch shows nothing: \(skipped)")
            t.send("if 2 < 1 { print(\"yes\") } else { print(\"no-branch\") }")
            let branch = try t.expect("> ")
            #expect(branch.contains("no-branch") && !branch.contains("null"), "an if statement shows what it prints: \(branch)")
            t.send("try { error(\"x\") } catch e { print(\"caught-it\") }")
            let caught = try t.expect("> ")
            #expect(caught.contains("caught-it") && !caught.contains("null"), "\(caught)")
            t.send("for x in [1, 2] { x }")
            let loop = try t.expect("> ")
            #expect(!loop.contains("null"))
            t.send("fn nothing() { return null }")
            try t.expect("> ")
            t.send("nothing()")
            let call = try t.expect("> ")
            #expect(call.contains("null"), "a user function's null result is a result: \(call)")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }

    @Test func evaluateShowsNullTheWayTheREPLDoes() throws {
        let env = CiviProcess.environment(home: try CiviProcess.temporaryHome())
        let json = try CiviProcess.run(["-e", "{a: 1}.b"], environment: env)
        #expect(json.status == 0, "\(json.all)")
        #expect(json.stdout == "null\n")
        let table = try CiviProcess.run(["--format", "table", "-e", "null"], environment: env)
        #expect(table.stdout == "null\n")
        let quiet = try CiviProcess.run(["--format", "table", "-e", "print(\"hi\"); x = null; if false { 1 }"], environment: env)
        #expect(quiet.stdout == "hi\n", "\(quiet.all)")
    }

    @Test func aLineStartingWithAPipeContinuesTheLastResult() async throws {
        let home = try CiviProcess.temporaryHome()
        try await withREPL(home: home, arguments: ["--no-color", "--sandbox"]) { t in
            try t.expect("> ")
            t.send("| count")
            try t.expect("no result to pipe yet")
            t.send("[3, 1, 2, 5]")
            try t.expect("[3, 1, 2, 5]")
            t.send("| where it > 1")
            try t.expect("[3, 2, 5]")
            t.send("  | sort")
            try t.expect("[2, 3, 5]")
            t.send("| map it * 10 | first")
            try t.expect("20")
            t.send("_ + 1")
            try t.expect("21")
            t.send(":save \(home)/piped.civi")
            try t.expect("saved")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
        let saved = try String(contentsOfFile: home + "/piped.civi", encoding: .utf8)
        #expect(saved.contains("_ = [3, 1, 2, 5]\n_ = _ | where it > 1\n"), "\(saved)")
        let run = try CiviProcess.run(["-e", saved], environment: CiviProcess.environment(home: home))
        #expect(run.status == 0, "\(saved)\n\(run.all)")
        #expect(run.stdout.hasSuffix("21\n"), "the saved session binds `_` as the REPL did:\n\(saved)\n\(run.stdout)")
    }

    @Test func elseAndCatchAfterAFinishedStatementSayHowToWriteThem() async throws {
        try await withREPL(arguments: ["--no-color", "--sandbox"]) { t in
            try t.expect("> ")
            t.send("if 1 > 2 {")
            try t.expect("...> ")
            t.send("  \"big\"")
            try t.expect("...> ")
            t.send("}")
            try t.expect("> ")
            t.send("else { \"small\" }")
            let elseError = try t.expect("hint:")
            #expect(elseError.contains("<repl>:1:1: error: `else` has no `if` to continue"), "\(elseError)")
            try t.expect("} else {")
            t.send("if 1 > 2 {")
            t.send("  \"big\"")
            t.send("} else {")
            try t.expect("...> ")
            t.send("  \"small\"")
            t.send("}")
            try t.expect("small")
            t.send("try { error(\"boom\") }")
            try t.expect("...> ")
            t.send("  catch e { e.message }")
            try t.expect("boom")
            try t.expect("> ")
            t.send("  catch e { e.message }")
            let catchError = try t.expect("hint:")
            #expect(catchError.contains("<repl>:1:3: error: `catch` has no `try` to continue"), "\(catchError)")
            t.send("elsewhere = 4")
            t.send("elsewhere")
            try t.expect("4")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }
}
