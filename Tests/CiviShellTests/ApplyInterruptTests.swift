import CiviTestSupport
import Foundation
import Testing

/// `civi apply` stopped twice (SIGTERM, then SIGKILL) and run a third time: every planned write is
/// done exactly once, by the server's own request log and its final data, also when the server
/// fails 30 % of requests.
@Suite(.serialized) struct ApplyInterruptTests {
    struct Case: Sendable, CustomStringConvertible {
        var serverArguments: [String]
        var updates: Int
        var creates: Int
        /// Finished writes to wait for before each interruption.
        var firstStop: Int
        var secondStop: Int
        var description: String { serverArguments.joined(separator: " ") }
    }

    static let cases = [
        Case(serverArguments: ["--latency-ms", "15"], updates: 24, creates: 3, firstStop: 4, secondStop: 12),
        // Each 503 comes with Retry-After: 1, so this case is kept small. The latency keeps every
        // write slower than the test's polling, so the interruptions land mid-apply.
        Case(serverArguments: ["--fail-rate", "0.3", "--latency-ms", "10"], updates: 4, creates: 2, firstStop: 1, secondStop: 3),
    ]

    /// The number of `done` lines in a progress file.
    func finished(_ progressPath: String) -> Int {
        let text = (try? String(contentsOfFile: progressPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.hasPrefix("done ") }.count
    }

    /// Starts `civi apply`, waits until `stopAt` writes are done, sends `signal`; returns its exit status.
    func applyUntil(_ stopAt: Int, signal: Int32, server: LoggedServeProcess, home: String, plan: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CiviProcess.binary)
        p.arguments = server.arguments + ["apply", plan]
        p.environment = server.environment(home: home)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning, finished(plan + ".progress") < stopAt, Date() < deadline { usleep(2_000) }
        #expect(p.isRunning, "apply ended before it could be interrupted")
        kill(p.processIdentifier, signal)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus, said)
    }

    @Test(arguments: cases) func anApplyInterruptedTwiceDoesEachWriteExactlyOnce(_ c: Case) throws {
        let home = try CiviProcess.temporaryHome()
        let server = try LoggedServeProcess(arguments: ["--campaigns", "2", "--advocates", "60", "--actions", "20"] + c.serverArguments,
                                            home: home)
        defer { server.stop() }
        let env = server.environment(home: home)
        let script = home + "/bulk.civi"
        try """
        for a in advocates() | take \(c.updates) { update(a, {tags: a.tags + ["interrupted"]}) }
        for i in range(\(c.creates)) { create_advocate({email: "apply" + str(i) + "@example.org", first_name: "A", last_name: str(i)}) }
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let plan = home + "/bulk.plan.json"
        let made = try CiviProcess.run(server.arguments + ["run", "--plan", "-o", plan, script], environment: env, directory: home)
        try #require(made.status == 0, "\(made.all)")
        let planned = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as? [String: Any]
        let writes = planned?["writes"] as? [[String: Any]] ?? []
        try #require(writes.count == c.updates + c.creates)
        let updatePaths = writes.filter { $0["kind"] as? String == "update" }.compactMap { $0["path"] as? String }

        let (first, said) = try applyUntil(c.firstStop, signal: SIGTERM, server: server, home: home, plan: plan)
        #expect(first == 143, "SIGTERM: \(said)")
        #expect(said.contains("apply interrupted") && said.contains("civi apply \(plan) continues"), "\(said)")
        let (second, _) = try applyUntil(c.secondStop, signal: SIGKILL, server: server, home: home, plan: plan)
        #expect(second == 128 + SIGKILL)
        let last = try CiviProcess.run(server.arguments + ["apply", plan], environment: env)
        #expect(last.status == 0, "\(last.all)")
        #expect(last.stdout.contains("conflicts 0, skipped 0, failed 0"), "\(last.all)")

        // The server's log: each planned PATCH succeeded exactly once.
        let log = server.requests
        for path in updatePaths {
            let ok = log.filter { $0.hasPrefix("PATCH /api/v2\(path) 2") }
            #expect(ok.count == 1, "\(path) was patched \(ok.count) times")
        }
        // Its data: every planned advocate tagged once, every planned create made once.
        let check = try CiviProcess.run(server.arguments + ["--format", "json", "-e", """
            [advocates(tag: "interrupted") | count, advocates() | where (it.tags | where it == "interrupted" | count) > 1 | count,
             advocates(q: "@example.org") | where starts_with(it.email, "apply") | count]
            """], environment: env)
        let numbers = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [Int]
        #expect(numbers == [c.updates, 0, c.creates], "\(check.all)")
    }
}
