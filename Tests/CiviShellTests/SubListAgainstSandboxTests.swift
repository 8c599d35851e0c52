import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `campaign_actions(c)` and `campaign_advocates(c)`: the contract's sub-lists, from the language.
@Suite(.serialized) struct SubListAgainstSandboxTests {
    @Test func subListsAgreeWithTheCountsAndTheTopLevelLists() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 4, advocates: 60, actions: 300))
        defer { Task { await sandbox.stop() } }
        let home = try CiviProcess.temporaryHome()
        let out = try sandbox.evaluate("""
            c = campaigns(sort: "-action_count") | first
            a = campaign_actions(c) | count
            e = campaign_actions(c.id, type: "email") | collect
            v = campaign_advocates(c, sort: "id") | map .id | collect
            w = advocates(campaign_id: c, sort: "id") | map .id | collect
            [a == c.action_count, a == (actions(campaign_id: c) | count), len(e) == (actions(campaign_id: c, type: "email") | count),
             len(v) == c.advocate_count, v == w, (get("/campaigns/" + c.id + "/actions") .data | first | type)]
            """, home: home)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout.filter { !$0.isWhitespace }.contains(#"[true,true,true,true,true,"record"]"#), "\(out.all)")
    }

    @Test func filtersTheSubListCannotTakeAreNamedErrors() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 10, actions: 20))
        defer { Task { await sandbox.stop() } }
        let home = try CiviProcess.temporaryHome()
        let out = try sandbox.evaluate(#"campaign_actions("cmp_x", campaign_id: "cmp_y") | count"#, home: home)
        #expect(out.status == 2, "found before anything runs")
        #expect(out.stderr.contains("campaign_actions() has no filter `campaign_id`"), "\(out.all)")
        let typo = try sandbox.evaluate(#"campaign_advocates("cmp_x", stat: "CA") | count"#, home: home)
        #expect(typo.stderr.contains("did you mean `state`?"), "\(typo.all)")
        let missing = try sandbox.evaluate(#"campaign_actions("cmp_missing") | count"#, home: home)
        #expect(missing.status == 1 && missing.stderr.contains("404"), "\(missing.all)")
    }
}
