import CiviClient
import CiviCore
import Foundation
import Testing

@Suite("writes while paging")
struct WriteDuringPagingTests {
    @Test("deleting every element while paging the same query visits each exactly once",
          arguments: [(0, false), (1, false), (3, false), (1, true)])
    func deleteAll(prefetch: Int, wantsAll: Bool) async throws {
        let api = try FakeAPI(count: 137, tag: "T")
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 20, prefetch: prefetch)
        var visited: [String] = []
        for try await page in client.list(resource: advocatesSpec, filters: [("tag", "T")], wantsAll: wantsAll) {
            for record in page.compactMap(\.recordValue) {
                visited.append(id(record))
                try await client.delete(resource: advocatesSpec, id: id(record))
            }
        }
        #expect(visited.count == 137)
        #expect(Set(visited).count == 137)
        #expect(api.stored.isEmpty)
        await client.shutdown()
    }

    @Test("updating elements out of the filter while paging visits each exactly once", arguments: [0, 1])
    func updateOutOfFilter(prefetch: Int) async throws {
        let api = try FakeAPI(count: 95, tag: "T")
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10, prefetch: prefetch)
        var visited: [String] = []
        for try await page in client.list(resource: advocatesSpec, filters: [("tag", "T")]) {
            for record in page.compactMap(\.recordValue) {
                visited.append(id(record))
                _ = try await client.update(resource: advocatesSpec, id: id(record),
                                            changes: Record([("tags", .list([.string("done")]))]))
            }
        }
        #expect(visited.sorted() == api.stored.map(\.id).sorted())
        #expect(Set(visited).count == visited.count)
        #expect(api.stored.allSatisfy { $0.tags == ["done"] })
        await client.shutdown()
    }

    @Test("updates that keep elements in the filter cost a bounded number of extra requests", arguments: [0, 1])
    func updateInFilter(prefetch: Int) async throws {
        let api = try FakeAPI(count: 95, tag: "T")
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10, prefetch: prefetch)
        var visited: [String] = []
        for try await page in client.list(resource: advocatesSpec, filters: [("tag", "T")]) {
            for record in page.compactMap(\.recordValue) {
                visited.append(id(record))
                _ = try await client.update(resource: advocatesSpec, id: id(record),
                                            changes: Record([("tags", .list([.string("T"), .string("seen")]))]))
            }
        }
        #expect(visited == api.stored.map(\.id))
        let listRequests = api.requests.filter { $0.method == "GET" }.count
        #expect(listRequests <= 3 * 10, "list requests: \(listRequests)")
        await client.shutdown()
    }

    @Test("deleting only some elements (every other one) still visits each exactly once")
    func deleteSome() async throws {
        let api = try FakeAPI(count: 64, tag: "T")
        defer { api.stop() }
        let client = try makeClient(api.baseURL, perPage: 10)
        let all = api.stored.map(\.id)
        var visited: [String] = []
        var n = 0
        for try await page in client.list(resource: advocatesSpec, filters: [("tag", "T")]) {
            for record in page.compactMap(\.recordValue) {
                visited.append(id(record))
                if n % 2 == 0 { try await client.delete(resource: advocatesSpec, id: id(record)) }
                n += 1
            }
        }
        #expect(visited == all)
        #expect(api.stored.count == 32)
        await client.shutdown()
    }
}

@Suite("cancellation")
struct CancellationTests {
    @Test("cancelling the consumer mid-stream stops fetching at once")
    func cancelMidStream() async throws {
        let api = try FakeAPI(count: 200)
        defer { api.stop() }
        api.listDelay = 1.0
        let client = try makeClient(api.baseURL, perPage: 10, prefetch: 1)
        let firstPage = LogCapture()
        let task = Task { () -> (any Error)? in
            do {
                for try await page in client.list(resource: advocatesSpec) { firstPage.append("\(page.count)") }
                return nil
            } catch {
                return error
            }
        }
        while firstPage.all.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
        let started = Date()
        task.cancel()
        let error = await task.value
        #expect(Date().timeIntervalSince(started) < 0.5, "the stream must not wait for the page in flight")
        #expect(error as? CiviClientError == .cancelled)
        let sent = client.requestCount
        try await Task.sleep(nanoseconds: 600_000_000)
        #expect(client.requestCount == sent, "no request after cancellation")
        #expect(sent <= 3)
        await client.shutdown()
    }
}
