import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

extension REPLTests {
    /// `:log` shows the session's writes field by field; `:undo` reverts the last statement that
    /// wrote, and a second `:undo` reverts the undo.
    @Test func logAndUndoInTheREPL() async throws {
        try await withREPL(sandboxOptions: SandboxOptions(campaigns: 2, advocates: 10, actions: 0)) { t in
            try t.expect("> ")
            t.send("a = advocates() | first; city = a.city")
            try t.expect("> ")
            t.send("update(a, {city: \"Ely\" + \"ville\"}).city")
            try t.expect("Elyville")
            t.send(":log")
            try t.expect("sent-ok")
            #expect(t.screen.contains("city: "), "\(t.screen)")
            t.send(":undo")
            try t.expect("reverted 1 update")
            t.send("print(advocate(a.id).city == city)")
            try t.expect("true")
            t.send(":undo")
            try t.expect("reverted 1 update")
            t.send("print(advocate(a.id).city)")
            try t.expect("Elyville")
            t.endInput()
            _ = t.waitForExit()
        }
    }
}
