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
}
