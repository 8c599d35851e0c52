import CiviClient
import CiviCore
import CiviSandbox
import Foundation
import Testing

/// Only writes that can move records in a listing make it fetch pages again; writes are counted
/// when they start, so listing while writes are in flight (as `parallel` does) never skips or
/// repeats a record.
@Suite("which writes a listing compensates for")
struct WriteRelevanceTests {
    @Test("PATCHes of a field the listing neither filters nor sorts by cause no re-fetch", arguments: [0, 1])
    func unreadFieldCausesNoRefetch(prefetch: Int) async throws {
        let api = try FakeAPI(count: 95, tag: "T")
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10, prefetch: prefetch)
        var visited: [String] = []
        for try await page in client.list(resource: advocatesSpec, filters: [("tag", "T")]) {
            for record in page.compactMap(\.recordValue) {
                visited.append(id(record))
                _ = try await client.update(resource: advocatesSpec, id: id(record),
                                            changes: Record([("email_opt_in", .bool(true))]))
            }
        }
        #expect(visited == api.stored.map(\.id))
        let listRequests = api.requests.filter { $0.method == "GET" }.count
        #expect(listRequests == 10, "one request per page, no re-fetch: \(listRequests)")
        await client.shutdown()
    }

    @Test("any PATCH re-fetches a listing sorted by updated_at (every PATCH changes it)")
    func stampedFieldCountsForEveryPatch() async throws {
        let api = try FakeAPI(count: 35, tag: "T")
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10, prefetch: 1)
        var visited: [String] = []
        for try await page in client.list(resource: advocatesSpec, filters: [("tag", "T")], sort: "-updated_at") {
            for record in page.compactMap(\.recordValue) {
                visited.append(id(record))
                _ = try await client.update(resource: advocatesSpec, id: id(record),
                                            changes: Record([("email_opt_in", .bool(true))]))
            }
        }
        #expect(visited == api.stored.map(\.id))
        let listRequests = api.requests.filter { $0.method == "GET" }.count
        #expect(listRequests > 4, "pages fetched again after PATCHes that may move them: \(listRequests)")
        await client.shutdown()
    }

    @Test("writes in flight while pages are fetched, each removing its record from the listing, never skip or repeat one",
          arguments: [false, true])
    func concurrentWritesWhileListing(deleting: Bool) async throws {
        let server = try await SandboxServer.start(SandboxOptions(apiKey: testKey, seed: 11, campaigns: 2, advocates: 300,
                                                                  actions: 0, latencyMs: 5))
        let client = try makeClient(server.baseURL, perPage: 20, prefetch: 1)
        let filters = [("email_opt_in", "false")]
        let expected = try await drain(client.list(resource: advocatesSpec, filters: filters)).map(id)
        var visited: [String] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for try await page in client.list(resource: advocatesSpec, filters: filters) {
                for record in page.compactMap(\.recordValue) {
                    visited.append(id(record))
                    // Like `parallel 16`: up to 16 writes in flight, the listing read meanwhile.
                    if inFlight == 16 {
                        try await group.next()
                        inFlight -= 1
                    }
                    let target = id(record)
                    group.addTask {
                        if deleting {
                            try await client.delete(resource: advocatesSpec, id: target)
                        } else {
                            _ = try await client.update(resource: advocatesSpec, id: target,
                                                        changes: Record([("email_opt_in", .bool(true))]))
                        }
                    }
                    inFlight += 1
                }
            }
            try await group.waitForAll()
        }
        #expect(expected.count > 100)
        #expect(visited.count == expected.count, "visited \(visited.count) of \(expected.count)")
        #expect(Set(visited) == Set(expected))
        #expect(try await client.count(resource: advocatesSpec, filters: filters) == 0)
        await client.shutdown()
        await server.stop()
    }

    @Test("a page is not fetched while a write that may move it is in flight (the server may apply it at any moment)",
          arguments: [0, 1])
    func noPageWhileAWriteIsInFlight(prefetch: Int) async throws {
        let api = try LateDeleteAPI(count: 30, listDelay: 0.06, applyAfter: 0.09)
        defer { api.server.stop() }
        let client = try makeClient(api.server.origin + "/api/v2", perPage: 10, prefetch: prefetch)
        var visited: [String] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            for try await page in client.list(resource: advocatesSpec) {
                let first = visited.isEmpty
                visited += page.compactMap(\.recordValue).map(id)
                guard first else { continue }
                // The first page's records are deleted without waiting for the answers: the
                // server applies the deletes only after the next page request has arrived, so
                // that page would not see them and the one after would.
                for target in visited {
                    group.addTask { try await client.delete(resource: advocatesSpec, id: target) }
                }
                // Writes are counted as they start, before their requests are sent.
                while client.writeCount(resource: "advocates") < visited.count { try await Task.sleep(nanoseconds: 1_000_000) }
            }
            try await group.waitForAll()
        }
        #expect(visited == (0..<30).map { String(format: "adv_%05d", $0) })
        #expect(api.remaining == 20)
        await client.shutdown()
    }
}

/// A list endpoint whose DELETEs take effect `applyAfter` seconds after they arrive (as over a
/// slow network), answered right after; a list page is read `listDelay` seconds after its
/// request arrives. With `listDelay < applyAfter < 2 * listDelay`, deletes sent with a page
/// request land between that page and the next.
final class LateDeleteAPI: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String]
    let listDelay: Double
    let applyAfter: Double
    private(set) var server: RawHTTPServer!

    init(count: Int, listDelay: Double, applyAfter: Double) throws {
        ids = (0..<count).map { String(format: "adv_%05d", $0) }
        self.listDelay = listDelay
        self.applyAfter = applyAfter
        server = try RawHTTPServer { [weak self] in self?.handle($0) ?? RawResponse(status: 503, body: "") }
    }

    var remaining: Int { lock.withLock { ids.count } }

    private func handle(_ r: RawRequest) -> RawResponse {
        let parts = r.path.split(separator: "/").map(String.init)
        if r.method == "DELETE", parts.count == 4 {
            Thread.sleep(forTimeInterval: applyAfter)
            lock.withLock { ids.removeAll { $0 == parts[3] } }
            return RawResponse(status: 204, body: "")
        }
        Thread.sleep(forTimeInterval: listDelay)
        let page = Int(r.query["page"] ?? "1") ?? 1
        let perPage = Int(r.query["per_page"] ?? "25") ?? 25
        let (slice, total) = lock.withLock { () -> ([String], Int) in
            let start = min(ids.count, (page - 1) * perPage)
            return (Array(ids[start..<min(ids.count, start + perPage)]), ids.count)
        }
        let data = slice.map { #"{"id":"\#($0)","created_at":"2026-01-02T03:04:05Z"}"# }.joined(separator: ",")
        let pages = (total + perPage - 1) / perPage
        return RawResponse(status: 200, headers: [("Content-Type", "application/json")],
                           body: #"{"data":[\#(data)],"meta":{"page":\#(page),"per_page":\#(perPage),"total":\#(total),"total_pages":\#(pages)}}"#)
    }
}
