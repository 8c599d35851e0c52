import CiviCore
import CiviSandbox
import CiviTestSupport
import Foundation
import NIOHTTP1
import Testing

@Suite("operations: faults, latency, determinism, persistence, seeding")
struct OperationsTests {
    @Test func failRateGives503WithRetryAfter() async throws {
        let s = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 5, actions: 5, failRate: 0.5))
        defer { Task { await s.stop() } }
        var failures = 0
        for _ in 0..<40 {
            let r = try await s.get("/campaigns")
            if r.status == 503 {
                failures += 1
                #expect(r.headers.first(name: "Retry-After") == "1")
                #expect(r.error("code") == "service_unavailable" && r.error("request_id") != nil)
            } else {
                #expect(r.status == 200)
            }
        }
        #expect(failures > 5 && failures < 35)
        let always = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 1, actions: 0, failRate: 1))
        defer { Task { await always.stop() } }
        #expect(try await always.get("/campaigns").status == 503)
        #expect(try await always.send(.GET, "/", auth: .some(nil)).status == 200, "the health check is never failed")
    }

    @Test func failuresFollowTheSeed() async throws {
        func pattern() async throws -> [Int] {
            let s = try await TestSandbox.start(SandboxOptions(seed: 9, campaigns: 1, advocates: 1, actions: 0, failRate: 0.3))
            defer { Task { await s.stop() } }
            var out: [Int] = []
            for _ in 0..<20 { out.append(try await s.get("/campaigns").status) }
            return out
        }
        #expect(try await pattern() == pattern())
    }

    @Test func latencyIsAdded() async throws {
        let s = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 1, actions: 0, latencyMs: 150))
        defer { Task { await s.stop() } }
        let clock = ContinuousClock()
        let took = try await clock.measure { _ = try await s.get("/campaigns") }
        #expect(took >= .milliseconds(150))
    }

    @Test func sameSeedSameFirstPage() async throws {
        let options = SandboxOptions(seed: 42, campaigns: 5, advocates: 60, actions: 100)
        let a = try await TestSandbox.start(options)
        let b = try await TestSandbox.start(options)
        defer { Task { await a.stop(); await b.stop() } }
        for path in ["/advocates", "/campaigns", "/actions"] {
            let pa = try await a.get(path)
            let pb = try await b.get(path)
            #expect(pa.status == 200 && !pa.items.isEmpty && pa.json == pb.json, "\(path)")
        }
        let c = try await TestSandbox.start(SandboxOptions(seed: 43, campaigns: 5, advocates: 60, actions: 100))
        defer { Task { await c.stop() } }
        #expect(try await c.get("/advocates").json != a.get("/advocates").json)
    }

    @Test func seededDataIsRealisticAndConsistent() async throws {
        let s = try await TestSandbox.start(SandboxOptions(campaigns: 8, advocates: 80, actions: 400))
        defer { Task { await s.stop() } }
        let people = try await s.all("/advocates?per_page=100")
        #expect(people.count == 80)
        for p in people {
            if let phone = str(p, "phone") { #expect(phone.hasPrefix("+1") && phone.count == 12) }
            #expect(str(p, "email") != nil || str(p, "phone") != nil)
            #expect(str(p, "zip").map { $0.count == 5 || $0.count == 10 } == true)
            let created = try #require(str(p, "created_at"))
            #expect(created >= "2024-01-01T00:00:00Z" && created <= "2026-01-01T00:00:00Z")
        }
        let actions = try await s.all("/actions?per_page=100")
        #expect(actions.count == 400)
        for p in people {
            let mine = actions.filter { str($0, "advocate_id") == str(p, "id") }
            #expect(int(p, "action_count") == mine.count)
            #expect(Set(p["campaign_ids"]?.listValue ?? []) == Set(mine.compactMap { $0["campaign_id"] }))
        }
        for c in try await s.all("/campaigns") {
            let mine = actions.filter { str($0, "campaign_id") == str(c, "id") }
            #expect(int(c, "action_count") == mine.count)
            #expect(int(c, "advocate_count") == Set(mine.compactMap { str($0, "advocate_id") }).count)
            if str(c, "status") == "draft" { #expect(mine.isEmpty) }
        }
    }

    @Test func fileDatabaseKeepsDataUntilReset() async throws {
        let path = NSTemporaryDirectory() + "civi-sandbox-\(unique()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let options = SandboxOptions(dbPath: path, apiKey: "sk_test_fixed", campaigns: 3, advocates: 20, actions: 30)
        let first = try await TestSandbox.start(options)
        let made = try await first.post("/advocates", #"{"email":"keep.\#(unique())@example.org"}"#)
        let id = try #require(made.data.recordValue.flatMap { str($0, "id") })
        await first.stop()

        let second = try await TestSandbox.start(options)
        #expect(try await second.get("/advocates/\(id)").status == 200, "the file keeps what was created")
        #expect(try await second.get("/advocates?per_page=1").meta("total") == 21)
        await second.stop()

        var reset = options
        reset.reset = true
        let third = try await TestSandbox.start(reset)
        defer { Task { await third.stop() } }
        #expect(try await third.get("/advocates/\(id)").status == 404, "reset reseeds")
        #expect(try await third.get("/advocates?per_page=1").meta("total") == 20)
    }

    @Test func seederWritesAdvocatesAsJSON() throws {
        let bytes = SandboxSeeder.advocatesJSON(count: 300, seed: 5)
        let list = try #require(try JSONReader.read(bytes, options: .init(convertDates: false)).listValue)
        #expect(list.count == 300)
        #expect(SandboxSeeder.advocatesJSON(count: 300, seed: 5) == bytes)
        #expect(SandboxSeeder.advocatesJSON(count: 300, seed: 6) != bytes)
        let emails = list.compactMap { $0.recordValue?["email"]?.stringValue }
        #expect(Set(emails).count == emails.count)
        #expect(SandboxSeeder.advocatesJSON(count: 0, seed: 1) == Array("[]".utf8))
    }

    @Test func badOptionsFailClearly() async throws {
        await #expect(throws: SandboxError.self) {
            _ = try await SandboxServer.start(SandboxOptions(port: 70_000, advocates: 1))
        }
        let s = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 1, actions: 0))
        defer { Task { await s.stop() } }
        await #expect(throws: (any Error).self) {
            _ = try await SandboxServer.start(SandboxOptions(port: s.server.port, advocates: 1))
        }
    }
}

@Suite("operations: database files")
struct DatabaseFileTests {
    @Test func foreignFilesAreNeverOverwritten() async throws {
        let path = NSTemporaryDirectory() + "civi-foreign-\(unique()).txt"
        let text = Data("not a database, and not ours to delete".utf8)
        FileManager.default.createFile(atPath: path, contents: text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect(throws: SandboxError.self) {
            _ = try await SandboxServer.start(SandboxOptions(dbPath: path, advocates: 1))
        }
        #expect(FileManager.default.contents(atPath: path) == text)
    }
}

@Suite("operations: request log and shutdown", .serialized)
struct LogAndShutdownTests {
    @Test func requestLogNamesTheRequestButNeverTheKey() async throws {
        let path = NSTemporaryDirectory() + "civi-log-\(unique()).txt"
        FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try #require(FileHandle(forWritingAtPath: path))
        let saved = dup(2)
        dup2(file.fileDescriptor, 2)
        let s = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 2, actions: 0, log: true))
        _ = try await s.get("/campaigns")
        _ = try await s.send(.GET, "/advocates", auth: .some("Bearer sk_not_the_key"))
        await s.stop()
        dup2(saved, 2)
        close(saved)
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        #expect(text.contains("GET /api/v2/campaigns 200 "))
        #expect(text.contains("GET /api/v2/advocates 401 "))
        // Other tests print to stderr while this one runs; only the log's own lines matter.
        let logLines = text.split(separator: "\n").filter { $0.hasPrefix("GET /") }
        #expect(logLines.count >= 2)
        #expect(!text.contains(s.server.apiKey))
        #expect(logLines.allSatisfy { !$0.contains("sk_") && !$0.contains("Bearer") })
    }

    @Test func stopFreesThePort() async throws {
        let s = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 1, actions: 0))
        let port = s.server.port
        await s.stop()
        let again = try await TestSandbox.start(SandboxOptions(port: port, campaigns: 1, advocates: 1, actions: 0))
        #expect(again.server.port == port)
        #expect(try await again.get("/campaigns").status == 200)
        await again.stop()
    }
}
