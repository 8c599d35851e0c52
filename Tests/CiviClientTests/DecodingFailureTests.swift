import CiviClient
import CiviCore
import Testing

@Suite("decoding failures and error bodies")
struct DecodingFailureTests {
    private func client(answering response: RawResponse) throws -> (CiviClient, RawHTTPServer) {
        let server = try RawHTTPServer { _ in response }
        return (try makeClient(server.origin + "/api/v2", retries: 0), server)
    }

    private func failure(_ response: RawResponse, raw: Bool = false) async throws -> CiviClientError? {
        let (client, server) = try client(answering: response)
        defer { server.stop() }
        defer { Task { await client.shutdown() } }
        do {
            if raw { _ = try await client.raw(method: "GET", path: "/anything") } else {
                _ = try await client.get(resource: advocatesSpec, id: "adv_1")
            }
            return nil
        } catch let e as CiviClientError {
            return e
        }
    }

    @Test("an HTML 502 page from a proxy says so and shows its start")
    func html() async throws {
        let page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
            + String(repeating: "x", count: 400) + "</body></html>"
        let e = try await failure(RawResponse(status: 502, headers: [("Content-Type", "text/html")], body: page))
        guard case .decoding(let status, _, let preview, _)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(status == 502)
        #expect(preview.hasPrefix("<html><head><title>502 Bad Gateway"))
        #expect(preview.count <= 201)
        #expect(e?.report.code == "decoding")
        #expect(e?.report.message.contains("not valid JSON") == true)
    }

    @Test("truncated JSON is called truncated")
    func truncated() async throws {
        let e = try await failure(RawResponse(status: 200, body: #"{"data":{"id":"adv_1","email":"a@"#))
        guard case .decoding(_, let reason, let preview, _)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(reason.contains("truncated"))
        #expect(preview.contains(#""id":"adv_1""#))
    }

    @Test("an empty 200 where a record was expected is a decoding error; raw gives null")
    func empty() async throws {
        let e = try await failure(RawResponse(status: 200, body: ""))
        guard case .decoding(_, let reason, _, _)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(reason.contains("empty"))
        let (client, server) = try client(answering: RawResponse(status: 200, body: ""))
        defer { server.stop() }
        #expect(try await client.raw(method: "GET", path: "/anything") == .null)
        await client.shutdown()
    }

    @Test("a bare-string error body is accepted")
    func bareString() async throws {
        let e = try await failure(RawResponse(status: 400, headers: [("X-Request-Id", "req_9")],
                                              body: #"{"error":"unknown parameter: colour"}"#), raw: true)
        #expect(e == .http(status: 400, code: nil, message: "unknown parameter: colour", fields: nil, requestID: "req_9"))
        #expect(e?.report.code == "http_400")
        #expect(e?.report.requestID == "req_9")
    }

    @Test("401 names the key source and how to fix it, never the key")
    func unauthorized() async throws {
        let e = try await failure(RawResponse(status: 401, body: #"{"error":{"code":"unauthorized","message":"invalid key"}}"#))
        guard case .authentication(let status, _, let source, _)? = e, let report = e?.report else {
            Issue.record("got \(String(describing: e))"); return
        }
        #expect(status == 401 && report.status == 401)
        #expect(source == "CIVICLICK_API_KEY")
        #expect(report.hint?.contains("CIVICLICK_API_KEY") == true)
        #expect(!"\(report)".contains(testKey))
    }
}
