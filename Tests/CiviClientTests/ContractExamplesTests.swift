import CiviClient
import CiviCore
import Foundation
import Testing

/// The API contract's documented examples and edge cases (shared/api/civiclick-2.0.yaml), served
/// by a raw HTTP server exactly as written, and what the client does with each.
@Suite("the contract's examples, served raw")
struct ContractExamplesTests {
    @Test("links.next relative to the base (the contract's form), or absolute on the same origin, is followed")
    func nextLinksFollowed() async throws {
        let api = try RequestRecorder { r, n in
            let next: String = switch n {
            case 1: quoted("/advocates?page=2&per_page=2")
            case 2: quoted("http://\(r.headers["host"] ?? "")/api/v2/advocates?page=3&per_page=2")
            default: "null"
            }
            return RawResponse(status: 200, headers: [("X-Request-Id", "req_\(n)")],
                               body: listBody(["adv_\(n)a", "adv_\(n)b"], next: next,
                                              meta: #"{"page":\#(n),"per_page":2,"total":6,"total_pages":3}"#))
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", perPage: 2)
        let records = try await drain(client.list(resource: advocatesSpec))
        #expect(records.map(id) == ["adv_1a", "adv_1b", "adv_2a", "adv_2b", "adv_3a", "adv_3b"])
        #expect(api.requests.map(\.path) == Array(repeating: "/api/v2/advocates", count: 3))
        #expect(api.requests.map { $0.query["page"] } == ["1", "2", "3"])
        #expect(api.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(testKey)" })
        #expect(client.lastRequest?.requestID == "req_3")
        await client.shutdown()
    }

    @Test("links.next to another origin is not followed with the key: a clear error naming the link")
    func nextLinkElsewhere() async throws {
        let elsewhere = try RequestRecorder { _, _ in RawResponse(status: 200, body: listBody([], next: "null")) }
        defer { elsewhere.stop() }
        let link = "http://localhost:\(elsewhere.port)/api/v2/advocates?page=2&per_page=2"
        let api = try RequestRecorder { _, _ in RawResponse(status: 200, body: listBody(["adv_1", "adv_2"], next: quoted(link))) }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", perPage: 2)
        let stream = client.list(resource: advocatesSpec)
        #expect(try await stream.nextPage()?.count == 2)
        do {
            _ = try await stream.nextPage()
            Issue.record("expected the link to be refused")
        } catch let e as CiviClientError {
            #expect(e.report.code == "bad_response")
            #expect(e.report.message.contains(link), "\(e.report.message)")
        }
        #expect(elsewhere.requests.isEmpty)
        await client.shutdown()
    }

    @Test("an error as a bare string, and as the documented object with fields")
    func errorBodies() async throws {
        let api = try RequestRecorder { r, _ in
            if r.method == "GET" {
                return RawResponse(status: 400, headers: [("X-Request-Id", "req_b")], body: #"{"error": "unknown parameter: colour"}"#)
            }
            return RawResponse(status: 422, headers: [("X-Request-Id", "req_v")], body: #"""
                {"error": {"code": "validation_failed", "message": "email is invalid", "fields": {"email": "must be an email address"}}}
                """#)
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", retries: 0)
        await #expect(throws: CiviClientError.http(status: 400, code: nil, message: "unknown parameter: colour", fields: nil,
                                                   requestID: "req_b")) {
            _ = try await client.raw(method: "GET", path: "/advocates", query: [("colour", "red")])
        }
        await #expect(throws: CiviClientError.http(status: 422, code: "validation_failed", message: "email is invalid",
                                                   fields: ["email": "must be an email address"], requestID: "req_v")) {
            _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("nope"))]))
        }
        await client.shutdown()
    }

    @Test("an empty 204 ends a delete cleanly, and a raw DELETE gives null")
    func emptyNoContent() async throws {
        let api = try RequestRecorder { _, _ in RawResponse(status: 204, body: "") }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", retries: 0)
        try await client.delete(resource: advocatesSpec, id: "adv_1")
        #expect(try await client.raw(method: "DELETE", path: "/advocates/adv_2") == .null)
        #expect(client.writeCount(resource: "advocates") == 2)
        #expect(api.requests.map(\.target) == ["/api/v2/advocates/adv_1", "/api/v2/advocates/adv_2"])
        await client.shutdown()
    }

    @Test("a 503 with Retry-After as an HTTP date is waited out, then retried", .timeLimit(.minutes(1)))
    func retryAfterHTTPDate() async throws {
        let api = try RequestRecorder { _, n in
            guard n == 1 else { return RawResponse(status: 200, body: #"{"data":{"id":"adv_1","email":"a@x.org"}}"#) }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return RawResponse(status: 503, headers: [("Retry-After", f.string(from: Date().addingTimeInterval(2)))],
                               body: #"{"error":{"code":"service_unavailable","message":"traffic spike"}}"#)
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", retries: nil, budget: 10)
        let started = Date()
        let record = try await client.get(resource: advocatesSpec, id: "adv_1")
        let waited = Date().timeIntervalSince(started)
        #expect(record.recordValue?["id"] == .string("adv_1"))
        #expect(waited >= 0.9 && waited < 3, "waited \(waited) s")
        #expect(api.requests.count == 2)
        await client.shutdown()
    }
}
