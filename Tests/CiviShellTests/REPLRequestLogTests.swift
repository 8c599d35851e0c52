import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `:curl` over every request of the last statement and `:verbose`, through a real pseudo-terminal.
@Suite(.serialized) struct REPLRequestLogTests {
    @Test func curlShowsEveryRequestOfTheLastStatementWithoutTheKey() async throws {
        try await withREPL(sandboxOptions: .small, arguments: ["--no-color"]) { t in
            try t.expect("> ")
            t.send(":curl")
            try t.expect("no request has been sent yet")
            // A count is one request each: three requests in one statement.
            t.send("n = [campaigns() | count, actions() | count, advocates() | count]")
            try t.expect("> ")
            t.send("x = 1")
            try t.expect("> ")
            t.send(":curl")
            let all = try t.expect("# 3 of 3") + t.expect("> ")
            #expect(all.contains("# 1 of 3"), "\(all)")
            #expect(all.components(separatedBy: "curl -X GET").count - 1 == 3, "\(all)")
            #expect(all.contains("Bearer $CIVICLICK_API_KEY"))
            #expect(!t.screen.contains(t.sandbox!.server.apiKey), "a real account's key is never shown")
            t.send(":curl 1")
            let first = try t.expect("> ")
            #expect(first.contains("/campaigns?"), "\(first)")
            #expect(!first.contains("# 1 of"), "one request alone is just its command: \(first)")
            t.send(":curl -1")
            let last = try t.expect("> ")
            #expect(last.contains("/advocates?"), "\(last)")
            t.send(":curl 2")
            try t.expect("/actions?")
            t.send(":curl 4")
            try t.expect("the last statement sent 3 requests; :curl takes 1…3 or -1…-3")
            t.send(":curl x")
            try t.expect(":curl takes a request number")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }

    @Test func curlForTheEmbeddedSandboxRunsAsPrinted() async throws {
        try await withREPL(arguments: ["--no-color", "--sandbox"]) { t in
            try t.expect("> ")
            t.send("campaigns() | take 1 | map .id | collect")
            try t.expect("cmp_", timeout: 60)
            try t.expect("> ")
            t.send(":curl")
            let shown = try t.expect("> ")
            guard let line = shown.split(separator: "\n").map(String.init).first(where: { $0.hasPrefix("curl ") }) else {
                Issue.record("no curl command in \(shown)")
                return
            }
            #expect(!line.contains("$CIVICLICK_API_KEY"), "the embedded sandbox's local key is written out: \(line)")
            // Runs while the REPL (and so its sandbox) is still up.
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", line + " --silent --max-time 5"]
            let pipe = Pipe()
            shell.standardOutput = pipe
            try shell.run()
            let body = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 0)
            #expect(body.contains("\"data\""), "\(body)")
            #expect(body.contains("cmp_"), "\(body)")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }

    @Test func verboseLogsEachRequestUntilTurnedOff() async throws {
        try await withREPL(sandboxOptions: .small, arguments: ["--no-color"]) { t in
            try t.expect("> ")
            t.send(":verbose")
            try t.expect("verbose: off")
            t.send(":verbose on")
            try t.expect("verbose on")
            t.send("campaigns() | count")
            let logged = try t.expect("6")
            try t.expect("> ")
            #expect(t.screen.contains("GET ") && t.screen.contains("/campaigns?"), "\(logged)")
            #expect(!t.screen.contains(t.sandbox!.server.apiKey))
            t.send(":verbose off")
            try t.expect("verbose off")
            t.send("actions() | count")
            let quiet = try t.expect("200")
            try t.expect("> ")
            #expect(!quiet.contains("GET "), "\(quiet)")
            t.send(":verbose maybe")
            try t.expect(":verbose takes on or off")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }
}
