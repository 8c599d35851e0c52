import CiviCore
import CiviSandbox
import CiviTestSupport
import NIOHTTP1
import Testing

@Suite("lists: paging, sorting, filters")
struct ListTests {
    @Test func healthCheckNeedsNoKey() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let reply = try await s.send(.GET, "/", auth: .some(nil))
        #expect(reply.status == 200)
        #expect(reply.json.recordValue?["status"]?.stringValue == "ok")
        #expect(reply.headers.first(name: "X-Request-Id")?.hasPrefix("req_") == true)
    }

    @Test(arguments: [1, 7, 100])
    func pagingIsExactAtEveryBoundary(perPage: Int) async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let total = 50
        let pages = (total + perPage - 1) / perPage
        var seen: [String] = []
        for page in 1...pages {
            let r = try await s.get("/advocates?per_page=\(perPage)&page=\(page)")
            #expect(r.status == 200)
            #expect(r.meta("page") == page && r.meta("per_page") == perPage)
            #expect(r.meta("total") == total && r.meta("total_pages") == pages)
            #expect(r.items.count == (page < pages ? perPage : total - (pages - 1) * perPage))
            #expect(r.link("next") == (page < pages ? "/advocates?page=\(page + 1)&per_page=\(perPage)" : nil))
            #expect(r.link("prev") == (page > 1 ? "/advocates?page=\(page - 1)&per_page=\(perPage)" : nil))
            seen += r.items.compactMap { str($0, "id") }
        }
        #expect(Set(seen).count == total, "every advocate appears exactly once")
        let past = try await s.get("/advocates?per_page=\(perPage)&page=\(pages + 3)")
        #expect(past.status == 200 && past.items.isEmpty)
        #expect(past.meta("total") == total && past.meta("total_pages") == pages && past.meta("page") == pages + 3)
        #expect(past.link("next") == nil)
    }

    @Test func defaultSortIsNewestFirstAndLinksKeepFilters() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.get("/advocates?per_page=10&email_opt_in=true")
        let created = r.items.compactMap { str($0, "created_at") }
        #expect(created == created.sorted(by: >))
        #expect(r.meta("per_page") == 10)
        #expect(r.link("next") == "/advocates?email_opt_in=true&page=2&per_page=10")
        #expect(r.items.allSatisfy { $0["email_opt_in"] == .bool(true) })
    }

    @Test func sortBothWays() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let up = try await s.all("/advocates?sort=last_name&per_page=100").compactMap { str($0, "last_name") }
        let down = try await s.all("/advocates?sort=-last_name&per_page=100").compactMap { str($0, "last_name") }
        #expect(up.count == 50 && up == up.sorted())
        #expect(down == down.sorted(by: >))
        let camps = try await s.get("/campaigns?sort=-action_count").items.compactMap { int($0, "action_count") }
        #expect(camps == camps.sorted(by: >))
        let bad = try await s.get("/advocates?sort=colour")
        #expect(bad.status == 400 && bad.error("message")?.contains("last_name") == true)
    }

    @Test func filtersAgreeWithTheData() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let everyone = try await s.all("/advocates?per_page=100")
        let inCA = try await s.all("/advocates?state=CA&per_page=100")
        #expect(inCA.count == everyone.filter { str($0, "state") == "CA" }.count)
        let tagged = try await s.all("/advocates?tag=donor&per_page=100")
        #expect(tagged.count == everyone.filter { $0["tags"]?.listValue?.contains(.string("donor")) == true }.count)
        let sms = try await s.all("/advocates?sms_opt_in=false&per_page=100")
        #expect(sms.count == everyone.filter { $0["sms_opt_in"] == .bool(false) }.count)
        let someone = try #require(everyone.first { str($0, "email") != nil })
        let email = try #require(str(someone, "email"))
        let byEmail = try await s.get("/advocates?email=\(email.uppercased())")
        #expect(byEmail.items.compactMap { str($0, "id") } == [str(someone, "id")].compactMap { $0 })
        let last = try #require(str(someone, "last_name"))
        let byQ = try await s.all("/advocates?q=\(last.lowercased().prefix(4))&per_page=100")
        #expect(byQ.contains { str($0, "id") == str(someone, "id") })
        let cutoff = "2025-01-01T00:00:00Z"
        let recent = try await s.all("/advocates?created_after=\(cutoff)&per_page=100")
        #expect(recent.count == everyone.filter { (str($0, "created_at") ?? "") >= cutoff }.count)
        let campaigns = try await s.all("/campaigns")
        let active = try await s.all("/campaigns?status=active")
        #expect(active.count == campaigns.filter { str($0, "status") == "active" }.count)
        let busiest = try #require(campaigns.max { (int($0, "action_count") ?? 0) < (int($1, "action_count") ?? 0) })
        let cid = try #require(str(busiest, "id"))
        let acts = try await s.get("/actions?campaign_id=\(cid)&per_page=1")
        #expect(acts.meta("total") == int(busiest, "action_count"))
        let sub = try await s.get("/campaigns/\(cid)/actions?per_page=1")
        #expect(sub.meta("total") == int(busiest, "action_count"))
        let members = try await s.get("/campaigns/\(cid)/advocates")
        #expect(members.meta("total") == int(busiest, "advocate_count"))
        let viaFilter = try await s.get("/advocates?campaign_id=\(cid)")
        #expect(viaFilter.meta("total") == int(busiest, "advocate_count"))
    }

    @Test func sqlLookingTextIsJustAString() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.get("/advocates?q=%27%20OR%201%3D1%20--")
        #expect(r.status == 200 && r.meta("total") == 0)
        let c = try await s.get("/campaigns?q=%25")
        #expect(c.status == 200 && c.meta("total") == 0, "a % in q is a literal percent sign")
        let count = try await s.get("/advocates?per_page=1")
        #expect(count.meta("total") == 50)
    }

    @Test(arguments: [
        ("/advocates?colour=blue", "colour"), ("/campaigns?status=open", "status"), ("/advocates?sms_opt_in=yes", "sms_opt_in"),
        ("/actions?created_after=yesterday", "created_after"), ("/advocates?page=0", "page"), ("/advocates?per_page=0", "per_page"),
        ("/advocates?per_page=101", "per_page"), ("/advocates?page=x", "page"), ("/campaigns?type=fax", "type"),
    ])
    func badQueriesAre400(path: String, name: String) async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.get(path)
        #expect(r.status == 400)
        #expect(r.error("code") == "bad_request")
        #expect(r.error("message")?.contains(name) == true)
        #expect(r.error("request_id") == r.headers.first(name: "X-Request-Id"))
    }

    @Test func unknownParameterNamesTheAllowedOnes() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.get("/advocates?colour=blue")
        #expect(r.error("message")?.contains("state") == true && r.error("message")?.contains("per_page") == true)
    }
}
