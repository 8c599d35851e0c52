import CiviClient
import CiviCore
import Foundation
import Testing

@Suite("retries")
struct RetryTests {
    @Test("Retry-After in seconds is honoured")
    func retryAfterSeconds() async throws {
        let api = try FakeAPI(count: 3)
        defer { api.stop() }
        api.script(RawResponse(status: 429, headers: [("Retry-After", "1")], body: #"{"error":"slow down"}"#))
        let client = try makeClient(api.baseURL)
        let started = Date()
        let record = try await client.get(resource: advocatesSpec, id: "adv_00001")
        #expect(Date().timeIntervalSince(started) >= 0.95)
        #expect(record.recordValue?["id"] == .string("adv_00001"))
        #expect(client.requestCount == 2)
        #expect(client.logicalRequestCount == 1)
        #expect(client.lastRequest?.attempts == 2)
        await client.shutdown()
    }

    @Test("Retry-After as an HTTP date is understood")
    func retryAfterDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let later = RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:25 GMT", now: now)
        #expect(later.map { abs($0 - 5) < 0.001 } == true)
        #expect(RetryPolicy.parseRetryAfter("7") == 7)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
    }

    @Test("a POST retried after a gateway error reuses its Idempotency-Key; each create gets a fresh one")
    func idempotencyKey() async throws {
        let api = try FakeAPI(count: 0)
        defer { api.stop() }
        api.script(RawResponse(status: 502, body: #"{"error":"bad gateway"}"#),
                   RawResponse(status: 504, body: #"{"error":"timeout"}"#))
        let client = try makeClient(api.baseURL)
        _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("a@b.org"))]))
        _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("c@d.org"))]))
        let keys = api.requests.map { $0.headers["idempotency-key"] ?? "" }
        #expect(keys.count == 4)
        #expect(keys[0] == keys[1] && keys[1] == keys[2])
        #expect(keys[3] != keys[0] && !keys[3].isEmpty)
        #expect(api.stored.count == 2)
        await client.shutdown()
    }

    @Test("lost responses: 200 creates end as exactly 200 records", .timeLimit(.minutes(1)))
    func noLossNoDoubles() async throws {
        let api = try FakeAPI(count: 0)
        defer { api.stop() }
        api.loseResponseRate = 0.3
        let client = try makeClient(api.baseURL, retries: 12)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("p\(i)@x.org"))]))
                }
                if i % 8 == 7 { try await group.next() }
            }
            try await group.waitForAll()
        }
        #expect(api.stored.count == 200)
        #expect(Set(api.stored.map(\.email)).count == 200)
        #expect(client.requestCount > 200)
        await client.shutdown()
    }

    @Test("4xx other than 429 is never retried; the API's error comes back whole")
    func noRetryOn4xx() async throws {
        let api = try FakeAPI(count: 0)
        defer { api.stop() }
        let client = try makeClient(api.baseURL)
        do {
            _ = try await client.create(resource: advocatesSpec, body: Record([("name", .string("x"))]))
            Issue.record("expected a validation error")
        } catch let e as CiviClientError {
            #expect(e == .http(status: 422, code: "validation_failed", message: "email is required",
                               fields: ["email": "required"], requestID: "req_1"))
            #expect(e.report.code == "validation_failed")
        }
        #expect(api.requestCount == 1)
        await client.shutdown()
    }

    @Test("retries run out: the last answer is reported")
    func exhausted() async throws {
        let api = try FakeAPI(count: 1)
        defer { api.stop() }
        let busy = RawResponse(status: 503, body: #"{"error":{"code":"service_unavailable","message":"busy"}}"#)
        api.script(busy, busy, busy)
        let client = try makeClient(api.baseURL, retries: 2)
        await #expect(throws: CiviClientError.http(status: 503, code: "service_unavailable", message: "busy",
                                                   fields: nil, requestID: nil)) {
            _ = try await client.get(resource: advocatesSpec, id: "adv_00000")
        }
        #expect(api.requestCount == 3)
        #expect(client.lastRequest?.attempts == 3)
        await client.shutdown()
    }

    @Test("a refused connection is a transport error naming the host, after retries")
    func refused() async throws {
        let server = try RawHTTPServer { _ in RawResponse(status: 200, body: "") }
        let url = server.origin + "/api/v2"
        server.stop()
        let client = try makeClient(url, retries: 2)
        do {
            _ = try await client.get(resource: advocatesSpec, id: "adv_1")
            Issue.record("expected a transport error")
        } catch let e as CiviClientError {
            guard case .transport(let kind, let host, _) = e else { Issue.record("got \(e)"); return }
            #expect(kind == .refused)
            #expect(host == "127.0.0.1:\(server.port)")
            #expect(e.report.message.contains("127.0.0.1:\(server.port)"))
            #expect(e.report.code == "transport")
        }
        #expect(client.requestCount == 3)
        await client.shutdown()
    }

    @Test("a server slower than the timeout is a timeout error, retried like a failed connection")
    func timeout() async throws {
        let server = try RawHTTPServer { _ in
            Thread.sleep(forTimeInterval: 1)
            return RawResponse(status: 200, body: "{}")
        }
        defer { server.stop() }
        let client = try CiviClient(baseURL: server.origin + "/api/v2", apiKey: testKey, keySource: "flag", timeout: 0.2,
                                    retryPolicy: RetryPolicy(retries: 1, baseDelay: 0.001), retryNotices: false)
        await #expect(throws: CiviClientError.transport(.timeout, host: "127.0.0.1:\(server.port)",
                                                        detail: "nothing received for 0.2 s")) {
            _ = try await client.raw(method: "GET", path: "/slow")
        }
        #expect(client.requestCount == 2)
        #expect(client.lastRequest?.failure?.contains("did not answer in time") == true)
        await client.shutdown()
    }
}
