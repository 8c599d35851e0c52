import CiviClient
import CiviCore
import Testing

@Suite("paging streams")
struct PagingTests {
    @Test("every boundary, prefetch on and off, sequential and concurrent",
          arguments: [0, 1, 24, 25, 26, 50, 99, 101])
    func boundaries(count: Int) async throws {
        let api = try FakeAPI(count: count)
        defer { api.stop() }
        for prefetch in [0, 1, 3] {
            for wantsAll in [false, true] {
                let client = try makeClient(api.baseURL, perPage: 25, prefetch: prefetch)
                let before = api.requestCount
                let records = try await drain(client.list(resource: advocatesSpec, wantsAll: wantsAll))
                #expect(records.map(id) == api.stored.map(\.id), "prefetch \(prefetch) wantsAll \(wantsAll)")
                #expect(api.requestCount - before == max(1, (count + 24) / 25),
                        "requests for \(count) records, prefetch \(prefetch), wantsAll \(wantsAll)")
                #expect(records.allSatisfy { $0.resource == "advocates" })
                await client.shutdown()
            }
        }
    }

    @Test("total is known after the first page and dates are decoded")
    func totalAndDates() async throws {
        let api = try FakeAPI(count: 30)
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10)
        let stream = client.list(resource: advocatesSpec)
        #expect(stream.total == nil)
        let first = try #require(try await stream.nextPage())
        #expect(stream.total == 30)
        #expect(first.count == 10)
        if case .date? = first[0].recordValue?["created_at"] {} else { Issue.record("created_at is not a date") }
        stream.close()
        #expect(try await stream.nextPage() == nil)
        await client.shutdown()
    }

    @Test("take N asks for per_page = min(N, 100) and stops after N", arguments: [(5, 1), (100, 1), (150, 2), (250, 3)])
    func take(limit: Int, requests: Int) async throws {
        let api = try FakeAPI(count: 300)
        defer { api.stop() }
        let client = try makeClient(api.baseURL, prefetch: 1)
        let records = try await drain(client.list(resource: advocatesSpec, limit: limit))
        #expect(records.map(id) == Array(api.stored.prefix(limit).map(\.id)))
        #expect(api.requestCount == requests)
        #expect(api.requests.first?.query["per_page"] == String(min(limit, 100)))
        #expect(client.requestCount == requests)
        await client.shutdown()
    }

    @Test("count costs one request with per_page=1")
    func count() async throws {
        let api = try FakeAPI(count: 42)
        defer { api.stop() }
        let client = try makeClient(api.baseURL)
        #expect(try await client.count(resource: advocatesSpec) == 42)
        #expect(try await client.count(resource: advocatesSpec, filters: [("tag", "none")]) == 0)
        #expect(api.requestCount == 2)
        #expect(api.requests.allSatisfy { $0.query["per_page"] == "1" })
        await client.shutdown()
    }

    @Test("progress is reported per page")
    func progress() async throws {
        let api = try FakeAPI(count: 30)
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10, prefetch: 0)
        let seen = LogCapture()
        client.setProgressHandler { p in seen.append("\(p.resource) \(p.records)/\(p.total ?? -1) \(p.pages)") }
        _ = try await drain(client.list(resource: advocatesSpec))
        #expect(seen.all == ["advocates 10/30 1", "advocates 20/30 2", "advocates 30/30 3"])
        await client.shutdown()
    }
}
