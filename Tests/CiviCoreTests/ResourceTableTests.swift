import CiviCore
import Testing

@Suite struct ResourceTableTests {
    @Test func lookups() throws {
        let t = ResourceTable.civiClick
        #expect(t.spec(named: "advocate")?.name == "advocates")
        #expect(t.spec(forID: "cmp_8fK2pQ9xLm")?.name == "campaigns")
        #expect(t.spec(named: "advocates")?.filter(named: "state") != nil)
        #expect(t.spec(named: "advocates")?.path(forID: "adv_1/../x") == "/advocates/adv_1%2F..%2Fx")
    }

    @Test func pathOverrides() throws {
        var t = ResourceTable.civiClick
        #expect(t.overridePath("advocates", with: "/v3/people") == nil)
        #expect(t.overridePath("advocate", with: "/v3/people/{id}") == nil)
        #expect(t.spec(named: "advocates")?.listPath == "/v3/people")
        #expect(t.spec(named: "advocates")?.path(forID: "adv_1") == "/v3/people/adv_1")
        #expect(t.overridePath("advocate", with: "/v3/people") != nil)
        #expect(t.overridePath("people", with: "/x")?.contains("known keys") == true)
        #expect(t.overridePath("advocates", with: "v3") != nil)
    }

    @Test func fieldsAListingReads() throws {
        let t = ResourceTable.civiClick
        let advocates = try #require(t.spec(named: "advocates"))
        #expect(advocates.fieldsRead(by: []) == ["created_at"], "the default sort is -created_at")
        #expect(advocates.fieldsRead(by: [("email_opt_in", "false")]) == ["email_opt_in", "created_at"])
        #expect(advocates.fieldsRead(by: [("q", "ann"), ("sort", "-last_name")]) == ["first_name", "last_name", "email"])
        #expect(advocates.fieldsRead(by: [("tag", "x"), ("campaign_id", "cmp_1")]) == ["tags", "campaign_ids", "created_at"])
        #expect(advocates.fieldsRead(by: [("updated_since", "2026-01-01T00:00:00Z")]) == ["updated_at", "created_at"])
        #expect(advocates.fieldsRead(by: [("no_such_filter", "1")]) == nil, "unknown: every write may move records")
        let campaigns = try #require(t.spec(named: "campaigns"))
        #expect(campaigns.fieldsRead(by: [("q", "x"), ("sort", "updated_at")]) == ["name", "title", "updated_at"])
        let sub = try #require(t.subList(named: "campaign_advocates"))
        let listing = try #require(t.listing(sub, parentID: "cmp_1"))
        #expect(listing.fieldsRead(by: [("state", "CA")]) == ["campaign_ids", "state", "created_at"])
    }
}
