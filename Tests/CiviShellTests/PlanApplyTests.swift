import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `civi run --plan` and `civi apply` as processes against real sandboxes.
@Suite(.serialized) struct PlanApplyTests {
    let home: String

    init() throws { home = try CiviProcess.temporaryHome() }

    /// Tags eight advocates, deletes one, creates one (then edits it), creates and deletes another.
    /// (Listings come before the creates: a plan's reads do not show its own planned records.)
    static let bulkScript = """
    for a in advocates() | take 8 {
      update(a, {tags: a.tags + ["lapsed"]})
    }
    delete(advocates() | skip 10 | first)
    b = create_advocate({email: "plan.one@example.org", first_name: "Ann", last_name: "Plan"})
    update(b, {city: "Fresno"})
    c = create_advocate({email: "plan.two@example.org", first_name: "Bo", last_name: "Gone"})
    delete(c)
    print("script done")
    """

    func writeScript(_ text: String = bulkScript) throws -> String {
        let path = home + "/bulk.civi"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every advocate as canonical JSON without ids and timestamps (which differ between servers), sorted.
    func dump(_ target: [String], _ env: [String: String]) throws -> [String] {
        let out = try CiviProcess.run(target + ["--format", "json", "-e", "advocates() | collect"], environment: env)
        #expect(out.status == 0, "\(out.all)")
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        return try rows.map { row in
            var r = row
            for k in ["id", "created_at", "updated_at"] { r[k] = nil }
            return String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    @Test func planThenApplyGivesTheSameStateAsRunningTheScript() async throws {
        let direct = try await TestSandbox.start(.small)
        let planned = try await TestSandbox.start(.small)
        defer { Task { await direct.stop(); await planned.stop() } }
        let script = try writeScript()
        let directEnv = CiviProcess.environment(home: home, extra: direct.keyEnvironment)
        let plannedEnv = CiviProcess.environment(home: home, extra: planned.keyEnvironment)
        let ran = try CiviProcess.run(direct.arguments + ["run", script], environment: directEnv)
        #expect(ran.status == 0, "\(ran.all)")

        let before = try dump(planned.arguments, plannedEnv)
        let plan = try CiviProcess.run(planned.arguments + ["run", "--plan", script], environment: plannedEnv, directory: home)
        #expect(plan.status == 0, "\(plan.all)")
        #expect(plan.stdout.hasPrefix("script done\n"), "\(plan.all)")
        #expect(plan.stdout.contains("would create 1 advocate, update 8 advocates (tags: 8), delete 1 advocate\n"), "\(plan.all)")
        #expect(plan.stdout.contains("~ update advocate adv_"), "\(plan.all)")
        #expect(plan.stdout.contains("→ ["), "\(plan.all)")
        #expect(plan.stdout.contains("+ create advocate adv_planned_0001\n"), "\(plan.all)")
        #expect(plan.stdout.contains("    city: \"Fresno\""), "the planned create carries the later planned update: \(plan.all)")
        #expect(plan.stdout.contains("… 0 more") == false)
        #expect(plan.stdout.contains("plan written to bulk.plan.json (10 writes)"), "\(plan.all)")
        #expect(try dump(planned.arguments, plannedEnv) == before, "planning sent a write")

        let planPath = home + "/bulk.plan.json"
        let planText = try String(contentsOfFile: planPath, encoding: .utf8)
        #expect(!planText.contains(planned.server.apiKey), "the plan file holds the API key")
        #expect(planText.contains("\"target\": \"127.0.0.1:"), "\(planText.prefix(300))")
        let mode = try FileManager.default.attributesOfItem(atPath: planPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let applied = try CiviProcess.run(planned.arguments + ["apply", planPath], environment: plannedEnv)
        #expect(applied.status == 0, "\(applied.all)")
        #expect(applied.stdout.contains("created 1, updated 8, deleted 1, conflicts 0, skipped 0, failed 0"), "\(applied.all)")
        #expect(try dump(planned.arguments, plannedEnv) == dump(direct.arguments, directEnv))

        let again = try CiviProcess.run(planned.arguments + ["apply", planPath], environment: plannedEnv)
        #expect(again.status == 0, "\(again.all)")
        #expect(again.stdout.contains("created 0, updated 0, deleted 0, conflicts 0, skipped 0, failed 0 (10 done by an earlier apply)"),
                "\(again.all)")
    }

    @Test func aRecordChangedSincePlanningIsAConflictAndLeftUntouched() async throws {
        let sandbox = try await TestSandbox.start(.small)
        defer { Task { await sandbox.stop() } }
        let env = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
        let script = try writeScript("for a in advocates() | take 3 { update(a, {tags: [\"planned\"], city: \"Plano\"}) }")
        let plan = try CiviProcess.run(sandbox.arguments + ["run", "--plan", "-o", "p.json", script], environment: env, directory: home)
        #expect(plan.status == 0, "\(plan.all)")
        let ids = try CiviProcess.run(sandbox.arguments + ["--format", "json", "-e", "advocates() | take 3 | map .id | collect"],
                                      environment: env)
        let list = try JSONSerialization.jsonObject(with: Data(ids.stdout.utf8)) as? [String] ?? []
        try #require(list.count == 3, "\(ids.all)")
        let changed = try CiviProcess.run(sandbox.arguments + ["-e", "update(\"\(list[1])\", {tags: [\"changed\"]})"], environment: env)
        #expect(changed.status == 0, "\(changed.all)")

        let applied = try CiviProcess.run(sandbox.arguments + ["apply", home + "/p.json"], environment: env)
        #expect(applied.status == 1, "a conflict makes apply fail: \(applied.all)")
        #expect(applied.stdout.contains("updated 2, deleted 0, conflicts 1"), "\(applied.all)")
        #expect(applied.stdout.contains("conflict (left untouched): PATCH /advocates/\(list[1]): tags was "), "\(applied.all)")
        #expect(applied.stdout.contains("now [\"changed\"]"), "\(applied.all)")
        let after = try CiviProcess.run(sandbox.arguments + ["--format", "json", "-e",
                                                             "advocates() | take 3 | map [it.tags, it.city] | collect"], environment: env)
        let rows = try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[Any]] ?? []
        try #require(rows.count == 3, "\(after.all)")
        #expect(rows[0][0] as? [String] == ["planned"] && rows[0][1] as? String == "Plano")
        #expect(rows[1][0] as? [String] == ["changed"] && rows[1][1] as? String != "Plano", "the conflicting record was written: \(rows[1])")
        #expect(rows[2][0] as? [String] == ["planned"] && rows[2][1] as? String == "Plano")
    }

    @Test func aPlanIsAppliedOnlyWhereItWasMade() async throws {
        let sandbox = try await TestSandbox.start(.small)
        let other = try await TestSandbox.start(.small)
        defer { Task { await sandbox.stop(); await other.stop() } }
        let script = try writeScript("update(advocates() | first, {city: \"Elsewhere\"})")
        let env = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
        let plan = try CiviProcess.run(sandbox.arguments + ["run", "--plan", "-o", "p.json", script], environment: env, directory: home)
        #expect(plan.status == 0, "\(plan.all)")
        let elsewhere = try CiviProcess.run(other.arguments + ["apply", home + "/p.json"],
                                            environment: CiviProcess.environment(home: home, extra: other.keyEnvironment))
        #expect(elsewhere.status == 2, "\(elsewhere.all)")
        #expect(elsewhere.stderr.contains("was made against 127.0.0.1:"), "\(elsewhere.all)")
        #expect(!elsewhere.all.contains(other.server.apiKey) && !elsewhere.all.contains(sandbox.server.apiKey))
        // --dry-run shows the plan and sends nothing.
        let dry = try CiviProcess.run(sandbox.arguments + ["--dry-run", "apply", home + "/p.json"], environment: env)
        #expect(dry.status == 0, "\(dry.all)")
        #expect(dry.stdout.contains("would create 0, update 1 advocate (city: 1), delete 0"), "\(dry.all)")
        #expect(dry.stdout.hasSuffix("dry run: nothing sent\n"), "\(dry.all)")
        #expect(!FileManager.default.fileExists(atPath: home + "/p.json.progress"))
        let city = try CiviProcess.run(sandbox.arguments + ["-e", "(advocates() | first).city"], environment: env)
        #expect(!city.stdout.contains("Elsewhere"), "\(city.all)")
    }

    @Test func aFailingScriptWritesNoPlanAndABadPlanFileIsNamed() async throws {
        let sandbox = try await TestSandbox.start(.small)
        defer { Task { await sandbox.stop() } }
        let env = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
        let script = try writeScript("update(advocates() | first, {city: \"X\"})\nerror(\"stop here\")")
        let plan = try CiviProcess.run(sandbox.arguments + ["run", "--plan", "-o", "p.json", script], environment: env, directory: home)
        #expect(plan.status == 1, "\(plan.all)")
        #expect(plan.stderr.contains("no plan written"), "\(plan.all)")
        #expect(!FileManager.default.fileExists(atPath: home + "/p.json"))

        try "{\"civi_plan\": 1, \"id\": \"x\", \"target\": \"t\", \"writes\": [{\"kind\": \"frobnicate\"}]}"
            .write(toFile: home + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try CiviProcess.run(sandbox.arguments + ["apply", home + "/bad.json"], environment: env)
        #expect(bad.status == 2, "\(bad.all)")
        #expect(bad.stderr.contains("bad.json: write 1"), "\(bad.all)")
        let usage = try CiviProcess.run(sandbox.arguments + ["run", "--full", script], environment: env)
        #expect(usage.status == 2 && usage.stderr.contains("--plan"), "\(usage.all)")
    }
}
