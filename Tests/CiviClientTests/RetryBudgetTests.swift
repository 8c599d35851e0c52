@testable import CiviClient
import CiviCore
import Foundation
import Testing

@Suite("retrying a busy API within a time budget")
struct RetryBudgetTests {
    private let busy = RawResponse(status: 503, body: #"{"error":{"code":"service_unavailable","message":"traffic spike"}}"#)

    @Test("a 300-record update rides out a run of twenty 503s in the middle (it used to abort at record 126)",
          .timeLimit(.minutes(1)))
    func longSpike() async throws {
        let api = try FakeAPI(count: 300)
        defer { api.stop() }
        let client = try makeClient(api.baseURL, retries: nil, budget: 10)
        for (i, advocate) in api.stored.enumerated() {
            if i == 125 { for _ in 0..<20 { api.script(busy) } }
            _ = try await client.update(resource: advocatesSpec, id: advocate.id,
                                        changes: Record([("tags", .list([.string("done")]))]))
        }
        #expect(api.stored.allSatisfy { $0.tags == ["done"] })
        #expect(api.requestCount == 320)
        #expect(client.logicalRequestCount == 300)
        await client.shutdown()
    }

    @Test("the budget, not a count, ends the retries of an API that stays busy", .timeLimit(.minutes(1)))
    func budgetRunsOut() async throws {
        let answer = busy
        let server = try RawHTTPServer { _ in answer }
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: nil, budget: 0.3)
        let started = Date()
        await #expect(throws: CiviClientError.http(status: 503, code: "service_unavailable", message: "traffic spike",
                                                   fields: nil, requestID: nil)) {
            _ = try await client.get(resource: advocatesSpec, id: "adv_1")
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.29 && elapsed < 2, "took \(elapsed) s")
        #expect(client.requestCount > RetryPolicy.defaultFaultRetries + 1, "more attempts than the old fixed count")
        await client.shutdown()
    }

    @Test("--retries still caps a busy API's retries")
    func countCap() async throws {
        let answer = busy
        let server = try RawHTTPServer { _ in answer }
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: 3, budget: 10)
        await #expect(throws: CiviClientError.self) { _ = try await client.get(resource: advocatesSpec, id: "adv_1") }
        #expect(client.requestCount == 4)
        await client.shutdown()
    }

    @Test("a Retry-After past the budget gives up at once instead of waiting")
    func retryAfterPastBudget() async throws {
        let server = try RawHTTPServer { _ in
            RawResponse(status: 503, headers: [("Retry-After", "30")], body: #"{"error":"busy"}"#)
        }
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: nil, budget: 5)
        let started = Date()
        await #expect(throws: CiviClientError.self) { _ = try await client.get(resource: advocatesSpec, id: "adv_1") }
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(client.requestCount == 1)
        await client.shutdown()
    }

    @Test("a create retried through many 503s keeps one Idempotency-Key and creates once; each wait is announced")
    func idempotentAcrossBusyRetries() async throws {
        let api = try FakeAPI(count: 0)
        defer { api.stop() }
        for _ in 0..<9 { api.script(busy) }
        let logs = LogCapture()
        let client = try makeClient(api.baseURL, retries: nil, budget: 10, logger: logs.logger())
        _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("a@b.org"))]))
        let keys = Set(api.requests.map { $0.headers["idempotency-key"] ?? "" })
        #expect(api.requests.count == 10)
        #expect(keys.count == 1 && !keys.contains(""))
        #expect(api.stored.count == 1)
        let notices = logs.all.filter { $0.contains("API busy (503), retrying in ") }
        #expect(notices.count == 9)
        #expect(notices.last?.contains("— attempt 10") == true, "\(notices.last ?? "")")
        await client.shutdown()
    }

    @Test("connection failures keep a small count by default (5 retries), even with a large budget")
    func faultsStaySmall() async throws {
        let server = try RawHTTPServer { _ in RawResponse(status: 200, body: "") }
        let url = server.origin + "/api/v2"
        server.stop()
        let client = try makeClient(url, retries: nil, budget: 300)
        await #expect(throws: CiviClientError.self) { _ = try await client.get(resource: advocatesSpec, id: "adv_1") }
        #expect(client.requestCount == RetryPolicy.defaultFaultRetries + 1)
        await client.shutdown()
    }

    @Test("the policy: exponential backoff with jitter up to the cap, Retry-After honoured, the budget respected")
    func policy() {
        let p = RetryPolicy(retries: nil, baseDelay: 1, maxDelay: 30, budget: 300)
        for retry in 1...12 {
            let exp = min(30, pow(2, Double(retry - 1)))
            let d = p.delay(beforeRetry: retry)
            #expect(d >= exp / 2 && d <= exp, "retry \(retry): \(d)")
        }
        #expect(p.wait(beforeRetry: 40, busy: true, retryAfter: nil, elapsed: 10) != nil, "busy: no count cap")
        #expect(p.wait(beforeRetry: 6, busy: false, retryAfter: nil, elapsed: 10) == nil, "faults: 5 retries")
        #expect(p.wait(beforeRetry: 2, busy: true, retryAfter: 8, elapsed: 10) == 8)
        #expect(p.wait(beforeRetry: 2, busy: true, retryAfter: 8, elapsed: 295) == nil, "Retry-After past the budget")
        #expect(p.wait(beforeRetry: 9, busy: true, retryAfter: nil, elapsed: 299).map { $0 <= 1 } == true, "clipped to the budget")
        #expect(p.wait(beforeRetry: 2, busy: true, retryAfter: nil, elapsed: 300) == nil)
        let capped = RetryPolicy(retries: 2, budget: 300)
        #expect(capped.wait(beforeRetry: 3, busy: true, retryAfter: nil, elapsed: 0) == nil)
        #expect(capped.wait(beforeRetry: 2, busy: true, retryAfter: nil, elapsed: 0) != nil)
    }
}
