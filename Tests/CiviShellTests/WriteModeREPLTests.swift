import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// Dry-run and plans in the REPL, through a real pseudo-terminal: the prompt says when writes are
/// off, a dry run ends with its summary, `:save` does not turn held-back writes into real ones, and
/// `:plan`/`:apply` send exactly the recorded writes.
@Suite(.serialized) struct WriteModeREPLTests {
    /// The `city` of the first `n` advocates, read by a separate process.
    func cities(_ sandbox: TestSandbox, home: String, first n: Int) throws -> [String?] {
        let out = try CiviProcess.run(sandbox.arguments + ["--format", "json", "-e", "advocates() | take \(n) | map it.city | collect"],
                                      environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        return (try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [Any] ?? []).map { $0 as? String }
    }

    @Test func dryModeShowsInThePromptSummarisesAndIsSavedAsComments() async throws {
        let sandbox = try await TestSandbox.start(.small)
        let home = try CiviProcess.temporaryHome()
        let before = try cities(sandbox, home: home, first: 3)
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("]> ")
            t.send(":dry on")
            try t.expect(" dry]> ")
            t.send("for a in advocates() | take 3 { update(a, {city: \"Dryville\"}) }")
            try t.expect("dry run: 3 PATCH advocates not sent")
            t.send("n = 41 + 1")
            try t.expect(" dry]> ")
            t.send(":save \(home)/session.civi")
            try t.expect("1 saved as comment: its writes were not sent")
            t.send(":dry off")
            try t.expect("writes are sent")
            t.send("print(\"prompt\", n)")
            let screen = try t.expect("prompt 42")
            #expect(!screen.contains(" dry]> print"), "the prompt still says dry: \(screen)")
            t.endInput()
            _ = t.waitForExit()
        }
        #expect(try cities(sandbox, home: home, first: 3) == before, "a dry run sent a write")
        let saved = try String(contentsOfFile: home + "/session.civi", encoding: .utf8)
        #expect(saved.contains("# for a in advocates() | take 3 { update(a, {city: \"Dryville\"}) }"), "\(saved)")
        #expect(saved.contains("\nn = 41 + 1\n"), "\(saved)")
        // Running the saved session sends nothing the dry run held back.
        let rerun = try CiviProcess.run(sandbox.arguments + ["run", home + "/session.civi"],
                                        environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        #expect(rerun.status == 0, "\(rerun.all)")
        #expect(try cities(sandbox, home: home, first: 3) == before, ":save turned dry-run writes into real ones")
        await sandbox.stop()
    }

    @Test func aSessionPlanIsShownAppliedAndDiscarded() async throws {
        let sandbox = try await TestSandbox.start(.small)
        let home = try CiviProcess.temporaryHome()
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("]> ")
            // Tab completes the command and its argument.
            t.type(":pl\t")
            t.type("fu\t")
            t.type("\r")
            try t.expect("not planning; :plan on records")
            t.send(":plan on")
            try t.expect(" plan]> ")
            t.send("for a in advocates() | take 2 { update(a, {city: \"Plano\"}) }")
            try t.expect(" plan]> ")
            t.send(":plan")
            try t.expect("would create 0, update 2 advocates (city: 2), delete 0")
            try t.expect("~ update advocate adv_")
            #expect(try cities(sandbox, home: home, first: 2) != ["Plano", "Plano"], "planning sent a write")
            t.send(":apply")
            try t.expect("applied the session plan: created 0, updated 2, deleted 0, conflicts 0")
            try t.expect("planning off")
            #expect(try cities(sandbox, home: home, first: 2) == ["Plano", "Plano"])
            t.send(":plan on")
            try t.expect(" plan]> ")
            t.send("update(advocates() | skip 5 | first, {city: \"Never\"})")
            try t.expect(" plan]> ")
            t.send(":plan off")
            try t.expect("plan discarded (1 write not sent)")
            t.endInput()
            _ = t.waitForExit()
        }
        let sixth = try CiviProcess.run(sandbox.arguments + ["--format", "json", "-e", "(advocates() | skip 5 | first).city"],
                                        environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        #expect(sixth.status == 0 && !sixth.stdout.isEmpty, "\(sixth.all)")
        #expect(!sixth.stdout.contains("Never"), "a discarded plan was sent: \(sixth.all)")
        await sandbox.stop()
    }

    @Test func ctrlCStopsApplyBetweenWritesAndApplyContinues() async throws {
        var options = SandboxOptions.small
        options.latencyMs = 20
        let sandbox = try await TestSandbox.start(options)
        let home = try CiviProcess.temporaryHome()
        try await withREPL(sandbox: sandbox, home: home) { t in
            try t.expect("]> ")
            t.send(":plan on")
            try t.expect(" plan]> ")
            t.send("for a in advocates() | take 40 { update(a, {city: \"Halfway\"}) }")
            try t.expect(" plan]> ")
            t.send(":apply")
            usleep(300_000)
            t.type("\u{03}")
            try t.expect("not sent; :apply continues")
            try t.expect(" plan]> ")
            t.send(":apply")
            let done = try t.expect("planning off")
            #expect(done.contains("conflicts 0, skipped 0, failed 0 ("), "\(done)")
            #expect(done.contains("done by an earlier apply)"), "\(done)")
            t.endInput()
            _ = t.waitForExit()
        }
        let halfway = try CiviProcess.run(sandbox.arguments + ["-e", "advocates() | where it.city == \"Halfway\" | count"],
                                          environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        #expect(halfway.stdout == "40\n", "\(halfway.all)")
        await sandbox.stop()
    }

    @Test func aDryRunScriptEndsWithItsSummary() async throws {
        let sandbox = try await TestSandbox.start(.small)
        let home = try CiviProcess.temporaryHome()
        let script = home + "/bulk.civi"
        try """
        for a in advocates() | take 4 { update(a, {city: "Dryville"}) }
        create_advocate({email: "dry@example.org"})
        delete(advocates() | skip 6 | first)
        post("/advocates", {email: "raw@example.org"})
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let out = try CiviProcess.run(sandbox.arguments + ["--dry-run", "run", script],
                                      environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stderr.hasSuffix("dry run: 4 PATCH advocates, 2 POST advocates, 1 DELETE advocates not sent\n"), "\(out.all)")
        #expect(!(try cities(sandbox, home: home, first: 4)).contains("Dryville"))
        await sandbox.stop()
    }
}
