import CiviCore
import Testing
@testable import CiviLang

/// Statements, scopes, assignment, control flow and limits.
@Suite struct StatementTests {
    @Test func ifIsAnExpression() {
        #expect(value("x = 3\nif x > 5 { \"big\" } else if x > 2 { \"mid\" } else { \"small\" }") == .string("mid"))
        #expect(value("if false { 1 }") == .null)
        #expect(value("x = if true { 1 } else { 2 }\nx") == .int(1))
        #expect(value("x = 0\nif x == 0 {\n  1\n}\nelse {\n  2\n}") == .int(1), "else on the next line")
    }

    @Test func loops() {
        #expect(value("t = 0\nfor i in range(5) { t += i }\nt") == .int(10))
        #expect(value("n = 3\nwhile n > 0 { n -= 1 }\nn") == .int(0))
        #expect(value("t = 0\nfor i in range(10) { if i == 3 { continue }; if i == 5 { break }; t += i }\nt") == .int(7))
        #expect(value("t = 0\nfor i in range(3) { for j in range(3) { if j == 1 { break }; t += 1 } }\nt") == .int(3))
        #expect(errorMessage("for x in 5 { }") == "`for` needs a list or a stream, got int")
        #expect(errorMessage("break") == "`break` outside a loop")
    }

    @Test func functionsAndReturn() {
        #expect(value("fn f(n) { if n <= 1 { return 1 }; n * f(n - 1) }\nf(10)") == .int(3_628_800))
        #expect(value("fn f() { for i in range(10) { if i == 4 { return i } }; -1 }\nf()") == .int(4))
        #expect(value("fn f() { while true { return 9 } }\nf()") == .int(9))
        #expect(value("fn f() { return }\nf()") == .null)
        #expect(value("g()\nfn g() { 5 }") == .int(5), "functions are hoisted")
        #expect(value("fn even(n) { if n == 0 { true } else { odd(n - 1) } }\nfn odd(n) { if n == 0 { false } else { even(n - 1) } }\neven(10)") == .bool(true))
        #expect(errorMessage("return 1") == "`return` outside a function")
    }

    @Test func scopes() {
        #expect(value("x = 1\nfn f() { x = 2 }\nf()\nx") == .int(2), "assigning an outer name updates it")
        #expect(value("fn f() { y = 2; y }\nf()") == .int(2))
        #expect(value("found = null\nfor v in [1, 2] { if v == 2 { found = v } }\nfound") == .int(2))
        #expect(value("fn f() { a = 1; if true { a = 5 }; a }\nf()") == .int(5))
    }

    @Test func assignmentIntoValues() {
        #expect(value("a = {x: 1}\nb = a\nb.x = 2\n[a.x, b.x]") == .list([.int(1), .int(2)]))
        #expect(value("xs = [1, 2, 3]\nys = xs\nys[0] = 9\n[xs[0], ys[0]]") == .list([.int(1), .int(9)]))
        #expect(value("a = {b: [{c: 1}]}\na.b[0].c = 5\na.b[0].c") == .int(5))
        #expect(value("a = {}\na.n = 1\na.n += 2\na.n *= 3\na.n") == .int(9))
        #expect(value("xs = [1, 2]\nxs[-1] = 7\nxs") == .list([.int(1), .int(7)]))
        #expect(value("a = {}\na[\"k\"] = 1\na.k") == .int(1))
        #expect(value("x = 10\nx /= 4\nx") == .float(2.5))
        #expect(errorMessage("xs = [1]\nxs[3] = 1") == "index 3 is out of range for a list of 1")
        #expect(value("a = {x: 1}\ntry { a.x.y = 1 } catch e { 0 }\na") == .record(Record([("x", .int(1))])), "a failed assignment changes nothing")
        #expect(run("1 = 2").error?.hint == "did you mean `==`?")
    }

    @Test func tryCatchBindsAnErrorRecord() {
        #expect(value("try { error(\"boom\") } catch e { e.message }") == .string("boom"))
        #expect(value("try { 1 / 0 } catch e { [e.message, e.status, e.line] }") == .list([.string("division by zero"), .null, .int(1)]))
        #expect(value("try { 5 } catch { 0 }") == .int(5))
        #expect(value("try { error({message: \"m\", status: 418, code: \"teapot\"}) } catch e { [e.status, e.code] }") == .list([.int(418), .string("teapot")]))
        #expect(errorMessage("try { exit(2) } catch e { 0 }") == "exit(2)", "exit is not caught")
    }

    @Test func reusedFramesNeverLeakIntoEscapedClosures() {
        #expect(value("fn mk(x) { () => x }\na = mk(1)\nb = mk(2)\nfn noise(y) { y * 3 }\nnoise(7)\n[a(), b(), noise(1)]") ==
                .list([.int(1), .int(2), .int(3)]))
        let host = FakeHost(advocates: 9)
        let o = run("fn in_state(s) { advocates() | where .state == s }\nca = in_state(\"CA\")\nny = in_state(\"NY\")\n[ca | count, ny | count]", host: host)
        #expect(o.value == .list([.int(3), .int(3)]))
    }

    @Test func recursionLimitIsCatchable() {
        let o = run("fn down(n) { down(n + 1) }\ntry { down(0) } catch e { e.message }")
        #expect(o.value == .string("too many nested calls (more than 2000)"))
        let trace = run("fn down(n) { down(n + 1) }\ndown(0)").error
        #expect(trace?.trace.count == 9)
        #expect(trace?.trace.last?.hasSuffix("more calls") == true)
    }

    @Test func stepLimitStopsRunawayLoops() {
        let o = run("while true { }") { $0.stepLimit = 1000 }
        #expect(o.error?.message == "step limit of 1000 exceeded")
    }

    @Test func cancellationInterruptsAndIsNotCaught() {
        let interp = Interpreter(host: nil, options: InterpreterOptions(output: { _ in }))
        interp.cancel()
        let o = run("try { while true { } } catch e { 1 }", interpreter: interp)
        #expect(o.error?.kind == .interrupted)
        interp.clearCancellation()
        #expect(run("1 + 1", interpreter: interp).value == .int(2))
    }

    @Test func cancelFromAnotherThreadStopsAnInfiniteLoop() async throws {
        let interp = Interpreter(host: nil, options: InterpreterOptions(output: { _ in }))
        Task.detached {
            try await Task.sleep(for: .milliseconds(50))
            interp.cancel()
        }
        let o = run("n = 0\nwhile true { n += 1 }", interpreter: interp)
        #expect(o.error?.kind == .interrupted)
        #expect(o.error?.message == "interrupted")
    }

    @Test func sessionKeepsVariablesAcrossRuns() {
        let interp = Interpreter(host: nil, options: InterpreterOptions(output: { _ in }))
        _ = run("x = 41\nfn inc(v) { v + 1 }", interpreter: interp)
        #expect(run("inc(x)", interpreter: interp).value == .int(42))
        #expect(interp.variables.map(\.name) == ["x", "inc"] || interp.variables.map(\.name) == ["inc", "x"])
        _ = run("y = nope", interpreter: interp)
        #expect(interp.check("z = y", name: "c").first?.message == "unknown name `y`", "a failed chunk binds nothing")
    }

    @Test func printAndArgs() {
        let o = run("print(\"a\", 1, [2], null)\nprint(args)") { $0.arguments = ["one"] }
        #expect(o.printed == ["a 1 [2] null", "[\"one\"]"])
    }

    @Test func valuesShownForExpressionStatementsOnly() {
        let o = run("x = 1\nx\nprint(2)\nnull\nfor i in [1] { i }\n3")
        #expect(o.values == [.int(1), .int(3)])
    }

    @Test func sleepIsCancellable() {
        #expect(run("sleep(0.01)\n1").value == .int(1))
        #expect(errorMessage("sleep(-1)")?.hasPrefix("sleep() expects") == true)
    }
}
