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
        let swiftFile = home + "/session.swift"
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("> ")
            t.send("n = advocates() | count")
            try t.expect("> ")
            t.send("{total: n, twice: n * 2}")
            try t.expect("twice")
            t.send(":export python all \(file)")
            try t.expect("exported 2 statements to \(file)")
            t.send(":export swift all \(swiftFile)")
            try t.expect("exported 2 statements to \(swiftFile)")
            t.send(":export js")
            try t.expect("unknown name")
            t.send(":export cobol")
            try t.expect("python, js, swift")
            t.send(":help export")
            try t.expect(":export python|js|swift [all] [FILE]")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
        let run = try ExternalProgram.run("python3", [file], environment: CiviProcess.environment(home: home, extra: [
            "CIVICLICK_BASE_URL": sandbox.server.baseURL, "CIVICLICK_API_KEY": sandbox.server.apiKey,
        ]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "{\n  \"total\": 40,\n  \"twice\": 80\n}\n")
        // The Swift program prints the same (compiled, as a developer would ship it).
        let binary = home + "/session"
        let compile = try ExternalProgram.run("swiftc", ["-Onone", swiftFile, "-o", binary], environment: ProcessInfo.processInfo.environment,
                                              timeout: 300)
        #expect(compile.status == 0, "\(compile.stderr)")
        let swiftRun = try ExternalProgram.run(binary, [], environment: CiviProcess.environment(home: home, extra: [
            "CIVICLICK_BASE_URL": sandbox.server.baseURL, "CIVICLICK_API_KEY": sandbox.server.apiKey,
        ]))
        #expect(swiftRun.stdout == run.stdout, "\(swiftRun.stderr)")
        await sandbox.stop()
    }
}
