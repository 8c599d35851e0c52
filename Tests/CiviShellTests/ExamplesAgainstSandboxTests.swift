import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// The project's example automation scripts, run with `civi run` against a real sandbox.
@Suite(.serialized) struct ExamplesAgainstSandboxTests {
    static var examples: String { Repository.examples }

    func run(_ script: String, _ args: [String], sandbox: TestSandbox, home: String) throws -> CiviProcess.Output {
        try CiviProcess.run(["run"] + sandbox.arguments + [Self.examples + "/" + script] + args,
                            environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
    }

    @Test func tagInactiveAdvocates() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 4, advocates: 120, actions: 300))
        let home = try CiviProcess.temporaryHome()
        let first = try run("tag_inactive_advocates.civi", ["200"], sandbox: sandbox, home: home)
        #expect(first.status == 0, "\(first.all)")
        #expect(first.stdout.contains("tagged"), "\(first.stdout)")
        // Running again changes nothing: every inactive advocate is tagged already.
        let again = try run("tag_inactive_advocates.civi", ["200"], sandbox: sandbox, home: home)
        #expect(again.stdout.contains("tagged 0, untagged 0"), "\(again.all)")
        let check = try CiviProcess.run(sandbox.arguments + ["-e", """
            cutoff = now() - days(200)
            active = actions(created_after: cutoff) | map .advocate_id | unique | collect
            tagged = advocates(tag: "inactive") | map .id | collect
            (tagged | where it in active | count) == 0 and len(tagged) + (advocates() | where .id in active | count) == (advocates() | count)
            """], environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        await sandbox.stop()
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "true", "\(check.all)")
    }

    @Test func exportCampaignActions() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 3, advocates: 80, actions: 200))
        let home = try CiviProcess.temporaryHome()
        let out = try run("export_campaign_actions.civi", [], sandbox: sandbox, home: home)
        await sandbox.stop()
        #expect(out.status == 0, "\(out.all)")
        let files = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.hasPrefix("actions_cmp_") }
        #expect(files.count == 1)
        let csv = try String(contentsOfFile: home + "/" + (files.first ?? ""), encoding: .utf8)
        #expect(csv.hasPrefix("action_id,created_at,type,status,advocate_id,email,state"), "\(csv.prefix(200))")
    }

    @Test func importAdvocatesWithRejects() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 5, actions: 0))
        let home = try CiviProcess.temporaryHome()
        let out = try run("import_advocates.civi", [Self.examples + "/data/advocates_to_import.csv", home + "/rejects.csv"],
                          sandbox: sandbox, home: home)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout.contains("created 3, updated 1, rejected 3"), "\(out.stdout)")
        let rejects = try String(contentsOfFile: home + "/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("email"), "the report names the bad field: \(rejects)")
        #expect(rejects.components(separatedBy: "\n").count >= 4)
        let ada = try CiviProcess.run(sandbox.arguments + ["-e", "advocate(\"ada.import@example.org\").tags"],
                                      environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
        await sandbox.stop()
        #expect(ada.stdout.contains("speaker") && ada.stdout.contains("donor"), "tags merged on update: \(ada.all)")
    }
}
