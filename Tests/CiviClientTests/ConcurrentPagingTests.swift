import CiviClient
import CiviCore
import Testing

@Suite("concurrent paging of a whole listing")
struct ConcurrentPagingTests {
    @Test("a listing wanted whole has the default page concurrency in flight, in order")
    func defaultConcurrency() async throws {
        let api = try FakeAPI(count: 1000)
        defer { api.stop() }
        // The delay keeps every request open long enough for the client to have them all out.
        api.listDelay = 0.05
        let client = try makeClient(api.baseURL, perPage: 25)
        #expect(client.pageConcurrency == CiviSettings.defaultPageConcurrency)
        let records = try await drain(client.list(resource: advocatesSpec, wantsAll: true))
        #expect(records.map(id) == api.stored.map(\.id))
        #expect(api.requestCount == 40)
        // Well above the 4 of before, with room for a loaded machine to be slow to connect.
        #expect(api.maxListsInFlight >= 10, "at most \(api.maxListsInFlight) pages were in flight at once")
        #expect(api.maxListsInFlight <= CiviSettings.defaultPageConcurrency)
        await client.shutdown()
    }

    @Test("the page concurrency is a bound", arguments: [1, 3])
    func bounded(concurrency: Int) async throws {
        let api = try FakeAPI(count: 300)
        defer { api.stop() }
        api.listDelay = 0.01
        let client = try CiviClient(baseURL: api.baseURL, apiKey: testKey, keySource: "CIVICLICK_API_KEY", perPage: 25,
                                    pageConcurrency: concurrency, retryNotices: false)
        let records = try await drain(client.list(resource: advocatesSpec, wantsAll: true))
        #expect(records.map(id) == api.stored.map(\.id))
        #expect(api.maxListsInFlight <= concurrency)
        await client.shutdown()
    }

    @Test("a stream not wanted whole keeps to its prefetch depth")
    func prefetchOnly() async throws {
        let api = try FakeAPI(count: 300)
        defer { api.stop() }
        api.listDelay = 0.01
        let client = try makeClient(api.baseURL, perPage: 25, prefetch: 1)
        let records = try await drain(client.list(resource: advocatesSpec))
        #expect(records.map(id) == api.stored.map(\.id))
        #expect(api.maxListsInFlight <= 2)
        await client.shutdown()
    }

    @Test("a page concurrency outside 1...64 is refused", arguments: [0, 65])
    func refused(concurrency: Int) throws {
        #expect(throws: CiviClientError.self) {
            _ = try CiviClient(baseURL: "http://127.0.0.1:1/api/v2", apiKey: testKey, keySource: "test",
                               pageConcurrency: concurrency, retryNotices: false)
        }
    }

    @Test("CIVI_PAGE_CONCURRENCY sets it; a value outside 1...64 is an error naming the variable")
    func fromEnvironment() throws {
        let env = ["HOME": "/nonexistent/civi-home", "XDG_CONFIG_HOME": "/nonexistent/civi-config"]
        let plain = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: env)
        #expect(plain.pageConcurrency == CiviSettings.defaultPageConcurrency)
        let set = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: env.merging(["CIVI_PAGE_CONCURRENCY": "8"]) { $1 })
        #expect(set.pageConcurrency == 8)
        for bad in ["0", "65", "many"] {
            do {
                _ = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: env.merging(["CIVI_PAGE_CONCURRENCY": bad]) { $1 })
                Issue.record("CIVI_PAGE_CONCURRENCY=\(bad) was accepted")
            } catch {
                guard case .configuration(let message, _) = error else { Issue.record("\(error)"); continue }
                #expect(message.contains("CIVI_PAGE_CONCURRENCY") && message.contains("'\(bad)'"), "\(message)")
            }
        }
    }
}
