import CiviClient
import CiviCore
import CiviSandbox
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
}
