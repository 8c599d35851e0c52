import CiviCore
import CiviSandbox
import CiviTestSupport
import NIOHTTP1
import Testing

@Suite("campaigns and actions: writes and derived counts")
struct CampaignActionTests {
    @Test func campaignCreateAndPatch() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let made = try await s.post("/campaigns", #"{"name":"Clean Water","type":"email","goal":100,"tags":["water"],"targets":[{"name":"Sen. A","office":"U.S. Senate","level":"federal","state":"ca"}]}"#)
        #expect(made.status == 201)
        let c = try #require(made.data.recordValue)
        let id = try #require(str(c, "id"))
        #expect(id.hasPrefix("cmp_") && str(c, "status") == "draft" && int(c, "action_count") == 0)
        #expect(c["targets"]?.listValue?.first?.recordValue.flatMap { str($0, "state") } == "CA")
        let patched = try await s.patch("/campaigns/\(id)", #"{"status":"active","title":null}"#)
        #expect(patched.status == 200 && patched.data.recordValue.flatMap { str($0, "status") } == "active")
        #expect(patched.data.recordValue.flatMap { str($0, "name") } == "Clean Water")
        let bad = try await s.post("/campaigns", #"{"name":"","type":"fax","goal":-1,"status":"open","targets":[{"name":"x"}]}"#)
        #expect(bad.status == 422)
        for field in ["name", "type", "goal", "status", "targets"] { #expect(bad.errorField(field) != nil, "\(field)") }
        let missing = try await s.post("/campaigns", "{}")
        #expect(missing.errorField("name") != nil && missing.errorField("type") != nil)
        let delete = try await s.delete("/campaigns/\(id)")
        #expect(delete.status == 405 && delete.headers.first(name: "Allow") == "GET, PATCH")
    }

    @Test func actionsKeepCountsInStep() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let camp = try await s.post("/campaigns", #"{"name":"Chain","type":"call","status":"active"}"#)
        let cid = try #require(camp.data.recordValue.flatMap { str($0, "id") })
        var people: [String] = []
        for n in 0..<3 {
            let p = try await s.post("/advocates", #"{"email":"chain\#(n).\#(unique())@example.org"}"#)
            people.append(try #require(p.data.recordValue.flatMap { str($0, "id") }))
        }
        for person in people + [people[0]] {
            let act = try await s.post("/actions", #"{"campaign_id":"\#(cid)","advocate_id":"\#(person)","message":"hi"}"#)
            #expect(act.status == 201)
            let a = try #require(act.data.recordValue)
            #expect(str(a, "type") == "call" && str(a, "source") == "api" && str(a, "id")?.hasPrefix("act_") == true)
        }
        var c = try await s.get("/campaigns/\(cid)").data.recordValue
        #expect(c.flatMap { int($0, "action_count") } == 4 && c.flatMap { int($0, "advocate_count") } == 3)
        let first = try #require(try await s.get("/advocates/\(people[0])").data.recordValue)
        #expect(int(first, "action_count") == 2 && first["campaign_ids"] == .list([.string(cid)]))

        #expect(try await s.delete("/advocates/\(people[1])").status == 204)
        c = try await s.get("/campaigns/\(cid)").data.recordValue
        #expect(c.flatMap { int($0, "action_count") } == 4, "deleting an advocate keeps their actions")
        let kept = try await s.get("/actions?advocate_id=\(people[1])")
        #expect(kept.meta("total") == 1)
        let members = try await s.get("/campaigns/\(cid)/advocates")
        #expect(members.meta("total") == 2)

        _ = try await s.patch("/campaigns/\(cid)", #"{"status":"closed"}"#)
        let late = try await s.post("/actions", #"{"campaign_id":"\#(cid)","advocate_id":"\#(people[0])"}"#)
        #expect(late.status == 422 && late.errorField("campaign_id")?.contains("closed") == true)
    }

    @Test func actionInputErrors() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let camps = try await s.get("/campaigns?status=active&per_page=1")
        let cid = try #require(camps.items.first.flatMap { str($0, "id") })
        let noCampaign = try await s.post("/actions", #"{"campaign_id":"cmp_nothere","advocate_id":"adv_nothere"}"#)
        #expect(noCampaign.status == 404 && noCampaign.error("message")?.contains("cmp_nothere") == true)
        let noAdvocate = try await s.post("/actions", #"{"campaign_id":"\#(cid)","advocate_id":"adv_nothere"}"#)
        #expect(noAdvocate.status == 404 && noAdvocate.error("message")?.contains("adv_nothere") == true)
        let missing = try await s.post("/actions", #"{"type":"fax","status":"delivered"}"#)
        #expect(missing.status == 422)
        for field in ["campaign_id", "advocate_id", "type", "status"] { #expect(missing.errorField(field) != nil, "\(field)") }
        let get = try await s.get("/actions/act_nothere")
        #expect(get.status == 404)
        let sub = try await s.get("/campaigns/cmp_nothere/actions")
        #expect(sub.status == 404)
        let campaignIDFilter = try await s.get("/campaigns/\(cid)/actions?campaign_id=\(cid)")
        #expect(campaignIDFilter.status == 400)
    }
}
