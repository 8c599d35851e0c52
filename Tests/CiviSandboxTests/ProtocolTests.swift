import CiviCore
import CiviSandbox
import CiviTestSupport
import NIOHTTP1
import Testing

@Suite("protocol: auth, errors, request ids, idempotency, body limits")
struct ProtocolTests {
    @Test(arguments: [
        (String?.none, "missing"), ("Token abc", "malformed"), ("Bearer", "malformed"), ("Bearer sk_wrong", "invalid"),
    ])
    func authFailuresAre401(header: String?, word: String) async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.send(.GET, "/advocates", auth: .some(header))
        #expect(r.status == 401 && r.error("code") == "unauthorized")
        #expect(r.error("message")?.contains(word) == true)
        let id = try #require(r.headers.first(name: "X-Request-Id"))
        #expect(r.error("request_id") == id)
        #expect(r.error("message")?.contains(s.server.apiKey) == false)
    }

    @Test func keyPrefixOrExtensionIsWrong() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let key = s.server.apiKey
        #expect(key.hasPrefix("sk_sandbox_") && key.count == 35)
        #expect(try await s.send(.GET, "/advocates", auth: .some("Bearer \(key.dropLast())")).status == 401)
        #expect(try await s.send(.GET, "/advocates", auth: .some("Bearer \(key)x")).status == 401)
        #expect(try await s.send(.GET, "/advocates", auth: .some("Bearer \(key)")).status == 200)
    }

    @Test func requestIDsAreOnEveryResponseAndDistinct() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let a = try await s.get("/campaigns")
        let b = try await s.get("/nothing/here")
        let c = try await s.send(.PUT, "/advocates", body: "{}")
        #expect(b.status == 404 && b.error("code") == "not_found")
        #expect(c.status == 405 && c.headers.first(name: "Allow") == "GET, POST")
        let ids = [a, b, c].compactMap { $0.headers.first(name: "X-Request-Id") }
        #expect(ids.count == 3 && Set(ids).count == 3)
    }

    @Test func idempotentPostsReplayAndRejectMismatches() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let body = #"{"email":"idem.\#(unique())@example.org"}"#
        let key = [("Idempotency-Key", "key-\(unique())")]
        let first = try await s.post("/advocates", body, headers: key)
        let second = try await s.post("/advocates", body, headers: key)
        #expect(first.status == 201 && second.status == 201 && first.data == second.data)
        let email = try #require(first.data.recordValue.flatMap { str($0, "email") })
        let matches = try await s.get("/advocates?email=\(email)")
        #expect(matches.meta("total") == 1, "the replay created nothing")
        let other = try await s.post("/advocates", #"{"email":"else.\#(unique())@example.org"}"#, headers: key)
        #expect(other.status == 422 && other.error("code") == "idempotency_mismatch")
        let invalid = #"{"email":"bad"}"#
        let badKey = [("Idempotency-Key", "bad-\(unique())")]
        let e1 = try await s.post("/advocates", invalid, headers: badKey)
        let e2 = try await s.post("/advocates", invalid, headers: badKey)
        #expect(e1.status == 422 && e2.status == 422 && e1.errorField("email") == e2.errorField("email"))
    }

    @Test func bodiesOverOneMebibyteAre413() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let big = #"{"first_name":""# + String(repeating: "a", count: (1 << 20) + 10) + #""}"#
        let r = try await s.post("/advocates", big)
        #expect(r.status == 413 && r.error("code") == "payload_too_large")
        #expect(r.headers.first(name: "X-Request-Id") != nil)
    }

    @Test func itemEndpointsRejectQueryParameters() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let first = try await s.get("/advocates?per_page=1")
        let id = try #require(first.items.first.flatMap { str($0, "id") })
        let r = try await s.get("/advocates/\(id)?fields=all")
        #expect(r.status == 400 && r.error("message")?.contains("fields") == true)
    }
}
