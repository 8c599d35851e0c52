import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `:export` in the REPL: the last statement or the whole session as a program that prints what
/// the REPL computed, and `:help export`.
@Suite(.serialized) struct REPLExportTests {
    @Test func exportsTheSessionAsAProgramThatPrintsTheSameValues() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 3, advocates: 40, actions: 60))
        let home = try CiviProcess.temporaryHome()
        let file = home + "/session.py"
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("> ")
            t.send("n = advocates() | count")
            try t.expect("> ")
            t.send("{total: n, twice: n * 2}")
            try t.expect("twice")
            t.send(":export python all \(file)")
            try t.expect("exported 2 statements to \(file)")
            t.send(":export js")
            try t.expect("unknown name")
            t.send(":help export")
            try t.expect(":export python|js [all] [FILE]")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
        let run = try ExternalProgram.run("python3", [file], environment: CiviProcess.environment(home: home, extra: [
            "CIVICLICK_BASE_URL": sandbox.server.baseURL, "CIVICLICK_API_KEY": sandbox.server.apiKey,
        ]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "{\n  \"total\": 40,\n  \"twice\": 80\n}\n")
        await sandbox.stop()
    }
}
