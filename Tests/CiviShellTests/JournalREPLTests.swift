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

    /// Ctrl-C during a statement that writes: the writes in flight finish, civi says how many
    /// were sent, and `:undo` reverts exactly those.
    @Test func ctrlCDuringWritesSaysHowManyAndUndoRevertsThem() async throws {
        var options = SandboxOptions(campaigns: 2, advocates: 200, actions: 0)
        options.latencyMs = 50
        try await withREPL(sandboxOptions: options) { t in
            try t.expect("> ")
            t.send("before = advocates() | where .city == \"Elko\" | count")
            try t.expect("> ")
            t.send("advocates() | parallel 2 update(it, {city: \"El\" + \"ko\"}) | count")
            usleep(700_000)
            t.type("\u{03}")
            try t.expect(":undo reverts them", timeout: 5)
            let screen = t.screen
            #expect(screen.contains("interrupted after "), "\(screen)")
            t.send(":undo")
            try t.expect("reverted ", timeout: 10)
            t.send("print((advocates() | where .city == \"Elko\" | count) == before)")
            try t.expect("true")
            t.endInput()
            _ = t.waitForExit()
        }
    }
}
