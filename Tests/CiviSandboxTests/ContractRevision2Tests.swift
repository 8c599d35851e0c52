import CiviCore
import CiviSandbox
import CiviTestSupport
import NIOHTTP1
import Testing

/// The rules revision 2 of the contract made exact, each one a case an independent tester
/// (schemathesis) found the sandbox getting wrong.
@Suite("contract revision 2")
struct ContractRevision2Tests {
    @Test func idempotencyKeyLengthCountsCharactersNotBytes() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let body = #"{"email":"chars.\#(unique())@example.org"}"#
        let accented = String(repeating: "é", count: 128) + unique()
        let ok = try await s.post("/advocates", body, headers: [("Idempotency-Key", accented)])
        #expect(ok.status == 201, "128 é are 256 bytes but 128 characters")
        let tooLong = try await s.post("/advocates", body, headers: [("Idempotency-Key", String(repeating: "é", count: 256))])
        #expect(tooLong.status == 400)
    }

    @Test func integerFieldsAcceptWholeFloats() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let made = try await s.post("/campaigns", #"{"name":"Float goal","type":"email","goal":1500.0}"#)
        #expect(made.status == 201)
        #expect(made.data.recordValue.flatMap { int($0, "goal") } == 1500)
        let fractional = try await s.post("/campaigns", #"{"name":"Bad goal","type":"email","goal":1.5}"#)
        #expect(fractional.status == 422 && fractional.errorField("goal") != nil)
    }

    @Test(arguments: ["bearer", "BEARER", "Bearer ", "bEaReR"])
    func bearerSchemeIsCaseInsensitive(scheme: String) async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.send(.GET, "/campaigns", auth: .some("\(scheme) \(s.server.apiKey)"))
        #expect(r.status == 200)
        let wrong = try await s.send(.GET, "/campaigns", auth: .some("\(scheme) \(s.server.apiKey)x"))
        #expect(wrong.status == 401)
    }

    @Test func idempotencyComparesTheJSONValueOfTheBody() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let email = "order.\(unique())@example.org"
        let key = [("Idempotency-Key", "reorder-\(unique())")]
        let first = try await s.post("/advocates", #"{"email":"\#(email)","first_name":"Ada","tags":["a"]}"#, headers: key)
        let reordered = try await s.post("/advocates", "{ \"tags\" : [ \"a\" ],\n \"first_name\":\"Ada\", \"email\":\"\(email)\" }",
                                         headers: key)
        #expect(first.status == 201 && reordered.status == 201 && first.data == reordered.data)
        let total = try await s.get("/advocates?email=\(email)").meta("total")
        #expect(total == 1, "the reordered replay created nothing")
        let different = try await s.post("/advocates", #"{"email":"\#(email)","first_name":"Bob","tags":["a"]}"#, headers: key)
        #expect(different.status == 422 && different.error("code") == "idempotency_mismatch")
    }

    @Test func advocateCountCountsExistingAdvocatesOnly() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let campaign = try #require(try await s.get("/campaigns?status=active&per_page=1").items.first)
        let campaignID = try #require(str(campaign, "id"))
        let advocate = try await s.post("/advocates", #"{"email":"count.\#(unique())@example.org"}"#)
        let advocateID = try #require(advocate.data.recordValue.flatMap { str($0, "id") })
        let acted = try await s.post("/actions", #"{"campaign_id":"\#(campaignID)","advocate_id":"\#(advocateID)"}"#)
        #expect(acted.status == 201)
        func counts() async throws -> (stored: Int?, listed: Int?) {
            let c = try await s.get("/campaigns/\(campaignID)").data.recordValue
            let listed = try await s.get("/campaigns/\(campaignID)/advocates?per_page=1").meta("total")
            return (c.flatMap { int($0, "advocate_count") }, listed)
        }
        let before = try await counts()
        #expect(before.stored == before.listed)
        #expect(try await s.delete("/advocates/\(advocateID)").status == 204)
        let after = try await counts()
        #expect(after.stored == after.listed)
        #expect(after.stored == before.stored.map { $0 - 1 })
    }

    @Test func pageAboveTheContractMaximumIs400() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        #expect(try await s.get("/advocates?page=2147483647").status == 200)
        #expect(try await s.get("/advocates?page=2147483648").status == 400)
    }

    @Test func targetsFollowTheTargetSchema() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let long = String(repeating: "0", count: 201)
        let tooLong = try await s.post("/campaigns", #"{"name":"T","type":"call","targets":[{"name":"n","office":"\#(long)"}]}"#)
        #expect(tooLong.status == 422 && tooLong.errorField("targets") != nil)
        let nullState = try await s.post("/campaigns", #"{"name":"T","type":"call","targets":[{"name":"n","office":"o","state":null}]}"#)
        #expect(nullState.status == 422, "Target.state is a StateCode, not nullable")
        let fine = try await s.post("/campaigns", #"{"name":"T","type":"call","targets":[{"name":"n","office":"o","state":"ca"}]}"#)
        #expect(fine.status == 201)
    }

    @Test func patternsApplyToTheStringAsSent() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let email = "pattern.\(unique())@example.org"
        for body in [#"{"email":" \#(email)"}"#, #"{"email":"\#(email)","zip":" 12345"}"#,
                     #"{"email":"\#(email)","zip":""}"#, #"{"email":"\#(email)","country":"éé"}"#,
                     #"{"email":"a\u2028\#(email)"}"#] {
            let r = try await s.post("/advocates", body)
            #expect(r.status == 422, "\(body)")
        }
        // maxLength counts code points: 60 "e" + combining accent pairs are 60 characters but 120 code points.
        let combining = String(repeating: "e\u{301}", count: 60)
        let r = try await s.post("/advocates", #"{"email":"\#(email)","first_name":"\#(combining)"}"#)
        #expect(r.status == 422 && r.errorField("first_name") != nil)
    }

    @Test func idsAreOpaqueAndUnknownOnesAre404() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let campaign = try #require(try await s.get("/campaigns?status=active&per_page=1").items.first)
        let campaignID = try #require(str(campaign, "id"))
        let tab = try await s.post("/actions", #"{"campaign_id":"\#(campaignID)","advocate_id":"\t"}"#)
        #expect(tab.status == 404, "an id of one tab is schema-valid and names nothing")
        let long = String(repeating: "x", count: 300)
        #expect(try await s.post("/actions", #"{"campaign_id":"\#(long)","advocate_id":"a"}"#).status == 404)
    }

    @Test func patternWhitespaceIsECMAScripts() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        // NEL (U+0085) and U+001C are controls, not `\s` in an ECMA-262 pattern: the email matches.
        let local = "nel\(unique())"
        let r = try await s.post("/advocates", #"{"email":"\#(local)@exa\u0085mple.org"}"#)
        #expect(r.status == 201)
        let nbsp = try await s.post("/advocates", #"{"email":"\#(local)@exa\u00a0mple.org"}"#)
        #expect(nbsp.status == 422, "NBSP is ECMA-262 whitespace")
    }
}
