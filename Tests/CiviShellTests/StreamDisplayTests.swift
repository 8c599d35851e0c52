import CiviCore
import CiviLang
import CiviSandbox
import CiviTestSupport
import Foundation
import Testing
@testable import CiviShell

/// A stream shown by the shell is read by the interpreter as part of its statement: display only
/// renders what it is given, and a failure while reading names the statement.
@Suite(.serialized) struct StreamDisplayTests {
    /// What each statement of `source` shows on `display`, and the host calls made while it ran.
    private func results(_ source: String, _ host: CountingHost, _ display: ValueDisplay) -> [StatementResult] {
        let interpreter = Interpreter(host: host, options: InterpreterOptions(baseDirectory: "/tmp", environment: [:]))
        nonisolated(unsafe) var out: [StatementResult] = []
        Workers.runOnLargeStack {
            try? interpreter.run(source, name: "t.civi", showing: display.showing) { out.append($0) }
        }
        return out
    }

    @Test func renderingAfterRunMakesNoHostCalls() throws {
        let expected: [(OutputFormat, String)] = [
            (.table, "id\n─────\nadv_0\nadv_1\nadv_2\n3 shown, more exist — `| collect` to fetch all\n"),
            (.csv, "id\n" + (0..<40).map { "adv_\($0)\n" }.joined()),
            (.ndjson, (0..<40).map { "{\"id\":\"adv_\($0)\"}\n" }.joined()),
        ]
        for (format, text) in expected {
            let host = CountingHost(advocates: 40)
            let display = ValueDisplay(format: format, color: false, width: nil, streamPreview: 3)
            let shown = results("advocates() | select id", host, display)
            let callsDuringRun = host.calls
            #expect(callsDuringRun > 0, "the statement read the stream")
            let rendered = try shown.map(display.render).joined()
            #expect(host.calls == callsDuringRun, "\(format): rendering called the host")
            #expect(rendered == text, "\(format): \(rendered)")
        }
        let host = CountingHost(advocates: 40)
        let json = ValueDisplay(format: .json, color: false, width: nil)
        let shown = results("advocates() | take 2 | select id\n7", host, json)
        let calls = host.calls
        #expect(try shown.map(json.render).joined() == "[\n  {\n    \"id\": \"adv_0\"\n  },\n  {\n    \"id\": \"adv_1\"\n  }\n]\n7\n")
        #expect(host.calls == calls)
    }

    @Test func aListingFailingWhileShownNamesTheStatement() async throws {
        // Every API request is answered 503; with no retries the first page of the listing fails.
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 5, actions: 5, failRate: 1.0))
        do {
            let home = try CiviProcess.temporaryHome()
            let env = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
            for format in ["table", "json", "csv"] {
                let out = try CiviProcess.run(sandbox.arguments + ["--retries", "0", "--format", format, "-e", "n = 1\n  advocates(state: \"CA\")"],
                                              environment: env, timeout: 30)
                #expect(out.status != 0)
                #expect(out.stderr.contains("<-e>:2:3: error:"), "\(format): \(out.stderr)")
                #expect(out.stderr.contains(" 2 |   advocates(state: \"CA\")"), "\(format): \(out.stderr)")
                #expect(out.stderr.contains("|   ^"), "\(format): \(out.stderr)")
                #expect(out.stdout.isEmpty, "\(format): \(out.stdout)")
            }
            try await withREPL(sandbox: sandbox, arguments: ["--retries", "0"]) { t in
                try t.expect("> ")
                t.send("campaigns()")
                let shown = try t.expect("^")
                #expect(shown.contains("<repl>:1:1: error:"), "\(shown)")
                try t.expect("> ")
                t.endInput()
                _ = t.waitForExit()
            }
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test func timeListsWhatEachStreamReadAskedFor() {
        let host = CountingHost(advocates: 40)
        let interpreter = Interpreter(host: host, options: InterpreterOptions(baseDirectory: "/tmp", environment: [:]))
        Workers.runOnLargeStack {
            try? interpreter.run("for i in range(30) { advocates() | first }\nadvocates(q: \"sk_live_secret\") | count",
                                 name: "t.civi", onValue: nil)
        }
        let text = TimingReport.streams(interpreter.takeStreamReads()) { $0.contains("sk_live_secret") }
        #expect(text == """

              GET /advocates; at most 1 record (per_page=1); then here: take 1 (×20)
              … and 11 more stream reads
            """, "the first 20 reads are kept: 20 of the loop's, then 10 more and the count")
        Workers.runOnLargeStack {
            try? interpreter.run("advocates(q: \"sk_live_secret\") | count\nadvocates() | count", name: "t.civi", onValue: nil)
        }
        let secret = TimingReport.streams(interpreter.takeStreamReads()) { $0.contains("sk_live_secret") }
        #expect(secret == """

              (a stream read not shown: it holds the API key)
              GET /advocates; the total only (per_page=1)
            """)
    }

    @Test func timeInTheREPLShowsTheRequestsAStreamMade() async throws {
        try await withREPL(sandboxOptions: SandboxOptions(campaigns: 6, advocates: 10, actions: 10)) { t in
            try t.expect("> ")
            t.send(":time on")
            t.send("campaigns() | take 2")
            let line = try t.expect("GET /campaigns; at most 2 records (per_page=2); then here: take 2 | preview 25")
            #expect(line.contains("(2 rows)") && line.contains(", 1 request"), "\(line)")
            try t.expect("> ")
            t.endInput()
            _ = t.waitForExit()
        }
    }
}
