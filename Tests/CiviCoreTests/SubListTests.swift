import CiviCore
import Testing

@Suite struct SubListTests {
    @Test func subListsListTheChildWithoutTheImpliedFilter() throws {
        let t = ResourceTable.civiClick
        let sub = try #require(t.subList(named: "campaign_actions"))
        let listing = try #require(t.listing(sub, parentID: "cmp_1/x"))
        #expect(listing.name == "actions")
        #expect(listing.listPath == "/campaigns/cmp_1%2Fx/actions")
        #expect(listing.filter(named: "campaign_id") == nil)
        #expect(listing.filter(named: "advocate_id") != nil)
        let advocatesSub = try #require(t.subList(named: "campaign_advocates"))
        let advocates = try #require(t.listing(advocatesSub, parentID: "cmp_2"))
        #expect(advocates.filters.map(\.name) == t.spec(named: "advocates")?.filters.map(\.name).filter { $0 != "campaign_id" })
    }

    @Test func pathsNameTheResourceTheyReturn() {
        let t = ResourceTable.civiClick
        #expect(t.resource(forPath: "/campaigns/cmp_1/actions")?.name == "actions")
        #expect(t.resource(forPath: "/campaigns/cmp_1/advocates?state=CA")?.name == "advocates")
        #expect(t.resource(forPath: "/campaigns/cmp_1")?.name == "campaigns")
        #expect(t.resource(forPath: "/advocates")?.name == "advocates")
        #expect(t.resource(forPath: "/nothing") == nil)
    }

    @Test func subListPathsCanBeOverridden() throws {
        var t = ResourceTable.civiClick
        #expect(t.pathKeys.contains("campaign_actions"))
        #expect(t.overridePath("campaign_actions", with: "/v3/campaigns/{id}/submissions") == nil)
        #expect(t.subList(named: "campaign_actions")?.path(forID: "c") == "/v3/campaigns/c/submissions")
        #expect(t.resource(forPath: "/v3/campaigns/c/submissions")?.name == "actions")
        #expect(t.overridePath("campaign_actions", with: "/v3/campaigns/actions")?.contains("{id}") == true)
    }
}
