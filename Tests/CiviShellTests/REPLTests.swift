import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// The REPL through a real pseudo-terminal: the built binary, a temporary HOME, a real sandbox.
@Suite(.serialized) struct REPLTests {
    @Test func embeddedSandboxPromptAndTable() async throws {
        try await withREPL { t in
        try t.expect("civi[sandbox]> ")
        t.send("campaigns() | take 3 | collect")
        let shown = try t.expect("(3 rows)")
        #expect(shown.contains("id"))
        #expect(shown.contains("cmp_"))
        t.send("x = 41")
        t.send("x + 1")
        try t.expect("42")
        try t.expect("> ")
        t.endInput()
        #expect(t.waitForExit() == 0)
        }
    }

    @Test func tabCompletion() async throws {
        try await withREPL(sandboxOptions: SandboxOptions(campaigns: 3, advocates: 40, actions: 60)) { t in
            try t.expect("> ")
            t.send("supercalifragilistic = 5")
            try t.expect("> ")
            t.type("supercalif\t")
            t.type("\r")
            try t.expect("5")
            t.send("a = {first_name: \"Ada\", nested: {office: \"Senate\"}}")
            try t.expect("> ")
            t.type("a.fir\t\r")
            try t.expect("Ada")
            t.type("a.nested.off\t\r")
            try t.expect("Senate")
            t.type("[1, 2, 3] | cou\t\r")
            try t.expect("3")
            t.type("advocates(sta\t\"ZZ\") | count\r")
            try t.expect("0")
            #expect(!t.screen.contains("error"), "\(t.screen)")
            t.endInput()
            _ = t.waitForExit()
        }
    }

    @Test func historySurvivesARestartAndMultiLineInput() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 10, actions: 10))
        let home = try CiviProcess.temporaryHome()
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("> ")
            t.send("fn twice(n) {")
            try t.expect("...> ")
            t.send("  n * 2")
            t.send("}")
            try t.expect("> ")
            t.send("twice(4)")
            try t.expect("8")
            t.send("\"remembered\" + \"-entry\"")
            try t.expect("remembered-entry")
            try t.expect("> ")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
        let history = try String(contentsOfFile: home + "/state/civi/history", encoding: .utf8)
        #expect(history.contains("remembered"))
        let attributes = try FileManager.default.attributesOfItem(atPath: home + "/state/civi/history")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("> ")
            t.type("\u{1B}[A\r")
            try t.expect("remembered-entry")
            t.endInput()
            _ = t.waitForExit()
        }
        await sandbox.stop()
    }

    @Test func multiLineFunction() async throws {
        try await withREPL(arguments: ["--no-color"]) { t in
            try t.expect("> ")
            t.send("fn f(n) {")
            try t.expect("...> ")
            t.send("n * 2")
            try t.expect("...> ")
            t.send("}")
            t.send("f(21)")
            try t.expect("42")
            t.endInput()
            _ = t.waitForExit()
        }
    }

    @Test func ctrlCStopsALoopAndKeepsVariables() async throws {
        try await withREPL { t in
        try t.expect("> ")
        t.send("x = 5")
        try t.expect("> ")
        t.send("while true {}")
        usleep(500_000)
        let sent = Date()
        t.type("\u{03}")
        try t.expect("interrupted", timeout: 5)
        try t.expect("> ", timeout: 5)
        #expect(Date().timeIntervalSince(sent) < 2)
        t.send("x")
        try t.expect("5")
        try t.expect("> ")
        t.endInput()
        #expect(t.waitForExit() == 0)
        }
    }

    @Test func ctrlCStopsASlowFetch() async throws {
        var options = SandboxOptions(campaigns: 2, advocates: 300, actions: 10)
        options.latencyMs = 1_500
        try await withREPL(sandboxOptions: options) { t in
            try t.expect("> ")
            t.send("all = advocates() | collect")
            usleep(300_000)
            let sent = Date()
            t.type("\u{03}")
            try t.expect("> ", timeout: 5)
            #expect(Date().timeIntervalSince(sent) < 1.4, "the prompt came back only after the slow response")
            t.send("1 + 1")
            try t.expect("2")
            t.endInput()
            _ = t.waitForExit()
        }
    }

    @Test func curlHidesTheKeyAndSaveReproduces() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 3, advocates: 20, actions: 20))
        let home = try CiviProcess.temporaryHome()
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("> ")
            t.send("n = campaigns() | count")
            try t.expect("> ")
            t.send(":curl")
            let curl = try t.expect("CIVICLICK_API_KEY")
            #expect(curl.contains("curl"))
            #expect(!t.screen.contains(sandbox.server.apiKey))
            t.send("print(\"campaigns:\", n)")
            try t.expect("campaigns: 3")
            t.send(":save \(home)/session.civi")
            try t.expect("saved")
            t.endInput()
            _ = t.waitForExit()
        }
        let out = try CiviProcess.run(["run"] + sandbox.arguments + [home + "/session.civi"],
                                      environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout.contains("campaigns: 3"))
        let history = (try? String(contentsOfFile: home + "/state/civi/history", encoding: .utf8)) ?? ""
        #expect(!history.contains(sandbox.server.apiKey))
        await sandbox.stop()
    }

    @Test func saveLeavesOutStatementsThatHoldTheKey() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 5, actions: 5))
        let home = try CiviProcess.temporaryHome()
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("> ")
            t.send("token = \"\(sandbox.server.apiKey)\"")
            try t.expect("> ")
            t.send("kept = 7")
            try t.expect("> ")
            t.send(":save \(home)/session.civi")
            try t.expect("saved 1 statement")
            try t.expect("left out")
            t.endInput()
            _ = t.waitForExit()
        }
        let saved = try String(contentsOfFile: home + "/session.civi", encoding: .utf8)
        #expect(saved.contains("kept = 7"), "\(saved)")
        #expect(!saved.contains(sandbox.server.apiKey), "\(saved)")
        let history = (try? String(contentsOfFile: home + "/state/civi/history", encoding: .utf8)) ?? ""
        #expect(!history.contains(sandbox.server.apiKey))
        await sandbox.stop()
    }

    @Test func timeShowsRequestsAndPushedFilters() async throws {
        try await withREPL(sandboxOptions: SandboxOptions(campaigns: 6, advocates: 10, actions: 10)) { t in
            try t.expect("> ")
            t.send(":time on")
            t.send("campaigns() | where .status == \"active\" | count")
            let line = try t.expect("sent to the server as status=active")
            #expect(line.contains("1 request"), "a pushed-down count is one request: \(line)")
            try t.expect("> ")
            t.endInput()
            _ = t.waitForExit()
        }
    }
}
