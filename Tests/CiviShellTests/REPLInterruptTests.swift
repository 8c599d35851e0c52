import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

extension REPLTests {
    /// Ctrl-C during a slow listing inside `try { } catch` stops the statement: the handler does
    /// not run (an interrupt is never catchable) and the session goes on.
    @Test func ctrlCInsideTryIsNotCaught() async throws {
        var options = SandboxOptions(campaigns: 2, advocates: 300, actions: 10)
        options.latencyMs = 1_500
        try await withREPL(sandboxOptions: options) { t in
            try t.expect("> ")
            // Split literals, so the echoed input never contains what the output is checked for.
            t.send("try { advocates() | collect } catch e { print(\"hand\" + \"ler ran\") }; print(\"rest\" + \" ran\")")
            usleep(300_000)
            t.type("\u{03}")
            try t.expect("interrupted", timeout: 5)
            try t.expect("> ", timeout: 5)
            t.send("print(\"still\" + \"here\")")
            try t.expect("stillhere")
            #expect(!t.screen.contains("handler ran"), "\(t.screen)")
            #expect(!t.screen.contains("rest ran"), "\(t.screen)")
            t.endInput()
            _ = t.waitForExit()
        }
    }
}
