import CiviClient
import CiviCore
import Foundation
import Testing

@Suite("time limits cover the whole exchange")
struct TimeoutTests {
    /// A server that sends its head at once and then `bytes` bytes of body at one byte per second.
    private func trickling(bytes: Int) throws -> RawHTTPServer {
        var response = RawResponse(status: 200, headers: [("Content-Type", "application/json")],
                                   body: "{\"data\":\"" + String(repeating: "x", count: max(0, bytes - 12)) + "\"}")
        response.secondsPerByte = 1
        let answer = response
        return try RawHTTPServer { _ in answer }
    }

    @Test("the idle timeout catches a body trickled at 1 byte per second", .timeLimit(.minutes(1)))
    func idle() async throws {
        let server = try trickling(bytes: 60)
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: 0, timeout: 0.4, deadline: 30)
        let started = Date()
        await #expect(throws: CiviClientError.transport(.timeout, host: "127.0.0.1:\(server.port)",
                                                        detail: "nothing received for 0.4 s")) {
            _ = try await client.raw(method: "GET", path: "/slow")
        }
        #expect(Date().timeIntervalSince(started) < 3)
        await client.shutdown()
    }

    @Test("the deadline ends an attempt whose body keeps coming, 1 byte per second, within the idle timeout",
          .timeLimit(.minutes(1)))
    func deadline() async throws {
        let server = try trickling(bytes: 60)
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: 0, timeout: 3, deadline: 1.5)
        let started = Date()
        do {
            _ = try await client.raw(method: "GET", path: "/slow")
            Issue.record("expected a deadline error")
        } catch let e as CiviClientError {
            #expect(e == .transport(.timeout, host: "127.0.0.1:\(server.port)",
                                    detail: "the answer took longer than the 1.5 s deadline"))
            #expect(e.report.code == "timeout")
            #expect(e.report.hint?.contains("--deadline") == true)
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 1.4 && elapsed < 4, "took \(elapsed) s")
        #expect(client.lastRequest?.failure?.contains("deadline") == true)
        await client.shutdown()
    }

    @Test("a body within both limits arrives whole")
    func withinLimits() async throws {
        var response = RawResponse(status: 200, body: #"{"ok":true}"#)
        response.secondsPerByte = 0.01
        let answer = response
        let server = try RawHTTPServer { _ in answer }
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: 0, timeout: 0.5, deadline: 5)
        #expect(try await client.raw(method: "GET", path: "/ok").recordValue?["ok"] == .bool(true))
        await client.shutdown()
    }

    @Test("a response over 64 MiB is refused with a readable message naming the host")
    func tooLarge() async throws {
        let server = try RawHTTPServer { _ in
            RawResponse(status: 200, headers: [("Content-Length", String(64 * 1024 * 1024 + 1))], body: "{}")
        }
        defer { server.stop() }
        let client = try makeClient(server.origin + "/api/v2", retries: 3)
        do {
            _ = try await client.raw(method: "GET", path: "/huge")
            Issue.record("expected the size limit")
        } catch let e as CiviClientError {
            #expect(e.report.message == "response larger than 64 MiB from 127.0.0.1:\(server.port)")
            #expect(e.report.code == "too_large")
        }
        #expect(client.requestCount == 1, "a size refusal is not retried")
        await client.shutdown()
    }

    @Test("deadline and retry budget come from flags and the config file", arguments: [true, false])
    func settings(fromFlags: Bool) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civi-timeouts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("civi"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "[profiles.default]\nbase_url = \"https://api.example.org/api/v2\"\ndeadline = 90\nretry_budget = 12.5\n"
            .write(to: dir.appendingPathComponent("civi/config.toml"), atomically: true, encoding: .utf8)
        let env = ["HOME": "/nonexistent", "XDG_CONFIG_HOME": dir.path, "CIVICLICK_API_KEY": "k-123456"]
        let overrides = fromFlags ? SettingsOverrides(deadline: 7, retryBudget: 0) : SettingsOverrides()
        let s = try CiviSettings.resolve(overrides: overrides, environment: env)
        #expect(s.deadline == (fromFlags ? 7 : 90))
        #expect(s.retryBudget == (fromFlags ? 0 : 12.5))
        #expect(s.retries == nil, "no count cap unless asked for")
        let defaults = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: ["HOME": "/nonexistent"])
        #expect(defaults.deadline == 300 && defaults.retryBudget == 300 && defaults.timeout == 30)
        #expect(throws: CiviClientError.self) {
            try CiviSettings.resolve(overrides: SettingsOverrides(deadline: 0), environment: env)
        }
    }
}
