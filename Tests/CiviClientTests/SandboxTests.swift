import CiviClient
import CiviCore
import CiviSandbox
import Testing

/// Starts a small in-memory sandbox and a client for it, runs `body`, and stops both.
private func withSandbox(advocates: Int = 57, failRate: Double = 0, perPage: Int = 10, prefetch: Int = 1,
                         retries: Int = 5, _ body: (CiviClient) async throws -> Void) async throws {
    let server = try await SandboxServer.start(SandboxOptions(apiKey: testKey, seed: 7, campaigns: 6,
                                                              advocates: advocates, actions: 40, failRate: failRate))
    let client = try makeClient(server.baseURL, perPage: perPage, prefetch: prefetch, retries: retries)
    do {
        try await body(client)
    } catch {
        await client.shutdown()
        await server.stop()
        throw error
    }
    await client.shutdown()
    await server.stop()
}

private let campaignsSpec = ResourceTable.civiClick.spec(named: "campaigns")!
private let actionsSpec = ResourceTable.civiClick.spec(named: "actions")!

@Suite("against the sandbox over HTTP")
struct SandboxTests {
    @Test("paging every record with prefetch off, on, and concurrent", arguments: [(0, false), (1, false), (1, true)])
    func paging(prefetch: Int, wantsAll: Bool) async throws {
        try await withSandbox(prefetch: prefetch) { client in
            let total = try await client.count(resource: advocatesSpec)
            #expect(total == 57)
            let before = client.requestCount
            let records = try await drain(client.list(resource: advocatesSpec, wantsAll: wantsAll))
            #expect(records.count == 57)
            #expect(Set(records.map(id)).count == 57)
            #expect(client.requestCount - before == 6)
        }
    }

    @Test("take and count request counts")
    func requestCounts() async throws {
        try await withSandbox { client in
            _ = try await drain(client.list(resource: advocatesSpec, limit: 3))
            #expect(client.requestCount == 1)
            #expect(client.lastRequest?.url.contains("per_page=3") == true)
            _ = try await client.count(resource: advocatesSpec)
            #expect(client.requestCount == 2)
            let records = try await drain(client.list(resource: advocatesSpec, limit: 15))
            #expect(records.count == 15)
            #expect(client.requestCount == 3)
        }
    }

    @Test("deleting every element of a filtered stream while paging it")
    func deleteWhilePaging() async throws {
        try await withSandbox { client in
            for i in 0..<33 {
                _ = try await client.create(resource: advocatesSpec, body: Record([
                    ("first_name", .string("Del")), ("last_name", .string("Me\(i)")),
                    ("email", .string("del\(i)@example.org")), ("tags", .list([.string("doomed")])),
                ]))
            }
            var visited: [String] = []
            for try await page in client.list(resource: advocatesSpec, filters: [("tag", "doomed")]) {
                for r in page.compactMap(\.recordValue) {
                    visited.append(id(r))
                    try await client.delete(resource: advocatesSpec, id: id(r))
                }
            }
            #expect(visited.count == 33 && Set(visited).count == 33)
            #expect(try await client.count(resource: advocatesSpec, filters: [("tag", "doomed")]) == 0)
        }
    }

    @Test("with 30% failures, 200 advocates and 200 actions are created exactly once", .timeLimit(.minutes(2)))
    func flakyCreates() async throws {
        try await withSandbox(advocates: 20, failRate: 0.3, retries: 12) { client in
            let advocatesBefore = try await client.count(resource: advocatesSpec)
            let actionsBefore = try await client.count(resource: actionsSpec)
            let campaigns = try await drain(client.list(resource: campaignsSpec, filters: [("status", "active")]))
            let campaign = try #require(campaigns.first.map(id))
            // The sandbox answers its injected 503s with `Retry-After: 1`, so all creates of a kind
            // run at once and wait out their retries together.
            let created = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<200 {
                    group.addTask {
                        let a = try await client.create(resource: advocatesSpec, body: Record([
                            ("first_name", .string("F\(i)")), ("last_name", .string("L\(i)")),
                            ("email", .string("flaky\(i)@example.org")),
                        ]))
                        return a.recordValue.map(id) ?? ""
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(created).count == 200)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for advocate in created {
                    group.addTask {
                        _ = try await client.create(resource: actionsSpec, body: Record([
                            ("campaign_id", .string(campaign)), ("advocate_id", .string(advocate)),
                        ]))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.count(resource: advocatesSpec) == advocatesBefore + 200)
            #expect(try await client.count(resource: actionsSpec) == actionsBefore + 200)
            let all = try await drain(client.list(resource: advocatesSpec, wantsAll: true))
            #expect(all.count == advocatesBefore + 200)
            #expect(client.requestCount > client.logicalRequestCount, "some requests were retried")
        }
    }
}
