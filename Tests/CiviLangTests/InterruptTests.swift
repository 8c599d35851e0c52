#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore
import Synchronization
import Testing
@testable import CiviLang

/// Ctrl-C is never catchable, wherever it lands: a host call cut short by it, `sleep`, a stage
/// element, a `parallel` worker. `try { } catch` must not run its handler, and nothing after it runs.
@Suite struct InterruptTests {
    /// What a cancelled call can end with: the client's cancellation report, Swift's
    /// cancellation, or an unrelated error raised while the evaluation was being cancelled.
    static let cancellationErrors: [any Error & Sendable] = [
        FakeError(report: ErrorReport(message: "cancelled", code: "cancelled")),
        CancellationError(),
        FakeError(report: ErrorReport(message: "connection reset", code: "transport")),
    ]

    /// Runs `source` on its own thread, cancels it once `host` has `blocked` calls waiting (or
    /// after 100 ms without a host), then lets the calls fail with `error`.
    func interrupt(_ source: String, host: BlockingHost?, blocked: Int = 1, error: any Error & Sendable) -> Outcome {
        let log = PrintLog()
        let interpreter = Interpreter(host: host, options: InterpreterOptions(
            baseDirectory: "/tmp", environment: ["HOME": "/tmp"], output: { log.append($0) }))
        let result = Mutex<Outcome?>(nil)
        let started = Workers.detach {
            var o = run(source, interpreter: interpreter)
            o.printed = log.lines
            result.withLock { $0 = o }
        }
        #expect(started)
        if let host { #expect(host.waitUntilBlocked(blocked)) } else { usleep(100_000) }
        interpreter.cancel()
        host?.fail(with: error)
        for _ in 0..<5_000 {
            if let o = result.withLock({ $0 }) { return o }
            usleep(1_000)
        }
        Issue.record("the program did not stop after the interrupt")
        return Outcome()
    }

    func expectInterrupted(_ o: Outcome, _ what: String) {
        #expect(o.error?.kind == .interrupted, "\(what): \(String(describing: o.error?.message))")
        #expect(!o.printed.contains("caught"), "\(what): the handler ran")
        #expect(!o.printed.contains("after"), "\(what): the rest of the program ran")
    }

    @Test(arguments: 0..<3) func anAPICallIsNotCaught(error: Int) {
        let e = Self.cancellationErrors[error]
        let o = interrupt("try { advocate(\"adv_1\") } catch e { print(\"caught\") }\nprint(\"after\")",
                          host: BlockingHost(advocates: 3), error: e)
        expectInterrupted(o, "\(e)")
    }

    @Test(arguments: 0..<3) func aListingInAStageIsNotCaught(error: Int) {
        let e = Self.cancellationErrors[error]
        let o = interrupt("try { advocates() | where .n > 0 | collect } catch e { print(\"caught\") }\nprint(\"after\")",
                          host: BlockingHost(advocates: 3), error: e)
        expectInterrupted(o, "\(e)")
    }

    @Test(arguments: 0..<3) func aCallInsideAStageIsNotCaught(error: Int) {
        let e = Self.cancellationErrors[error]
        let o = interrupt("try { [1, 2] | map advocate(\"adv_${it}\") } catch e { print(\"caught\") }\nprint(\"after\")",
                          host: BlockingHost(advocates: 3), error: e)
        expectInterrupted(o, "\(e)")
    }

    @Test(arguments: 0..<3) func aParallelWorkerIsNotCaught(error: Int) {
        let e = Self.cancellationErrors[error]
        let source = """
        r = try { range(4) | parallel 4 advocate("adv_${it}") } catch e { print("caught") }
        print("after")
        """
        let o = interrupt(source, host: BlockingHost(advocates: 4), blocked: 4, error: e)
        expectInterrupted(o, "\(e)")
    }

    @Test func catchInsideTheWorkerDoesNotCatchEither() {
        let source = """
        r = range(3) | parallel 3 (try { advocate("adv_${it}") } catch e { print("caught") })
        print("after")
        """
        let o = interrupt(source, host: BlockingHost(advocates: 3), blocked: 3, error: Self.cancellationErrors[2])
        expectInterrupted(o, "inside the worker")
    }

    @Test func sleepIsNotCaught() {
        let o = interrupt("try { sleep(30) } catch e { print(\"caught\") }\nprint(\"after\")", host: nil,
                          error: Self.cancellationErrors[0])
        expectInterrupted(o, "sleep")
    }

    @Test func errorsWithoutAnInterruptAreCaught() {
        // Only the client's own cancellation (no HTTP status) is an interrupt, and only
        // errors raised once the evaluation is cancelled are treated as one.
        let host = BlockingHost(advocates: 1)
        host.fail(with: FakeError(report: ErrorReport(message: "conflict", status: 409, code: "cancelled")))
        let o = run("try { advocate(\"adv_0\") } catch e { print(\"caught\", e.status) }", host: host)
        #expect(o.error == nil)
        #expect(o.printed == ["caught 409"])
        let p = run("r = try { range(3) | parallel 3 advocate(\"adv_${it}\") } catch e { print(\"caught\", e.code) }", host: host)
        #expect(p.printed == ["caught cancelled"])
    }
}
