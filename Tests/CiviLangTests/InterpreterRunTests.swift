import CiviCore
import Testing
@testable import CiviLang

/// What scripts cannot observe themselves: error traces, interpreter options, cancellation from
/// another thread, a session across runs. The language itself is tested by Tests/Language/*.civi.
@Suite struct InterpreterRunTests {
    /// (That the limit is catchable is statements/recursion.civi.)
    @Test func recursionLimitTraceIsShortened() {
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
}
