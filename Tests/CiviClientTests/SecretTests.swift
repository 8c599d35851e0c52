import CiviClient
import CiviCore
import Testing

@Suite("the key never shows")
struct SecretTests {
    @Test("absent from logs, errors, the request log and printed settings")
    func keyNeverShows() async throws {
        let api = try FakeAPI(count: 5)
        defer { api.stop() }
        let logs = LogCapture()
        let client = try makeClient(api.baseURL, logger: logs.logger())
        api.script(RawResponse(status: 503, body: #"{"error":"busy"}"#),
                   RawResponse(status: 401, body: #"{"error":{"code":"unauthorized","message":"bad key \#(testKey)"}}"#))
        var errors: [String] = []
        do { _ = try await client.get(resource: advocatesSpec, id: "adv_00001") } catch let e as CiviClientError {
            errors += ["\(e)", "\(e.report)", String(reflecting: e)]
        }
        _ = try await drain(client.list(resource: advocatesSpec))
        _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("k@x.org"))]))
        do { _ = try await client.get(resource: advocatesSpec, id: "missing") } catch let e as CiviClientError {
            errors += ["\(e)", "\(e.report)"]
        }

        #expect(!logs.all.isEmpty)
        #expect(logs.all.contains { $0.contains("Bearer ***") })
        #expect(api.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(testKey)" }, "the key is sent")
        let entries = client.recentRequests.map { "\($0)" }
        let curls = client.recentRequests.map(\.curlCommand)
        #expect(curls.allSatisfy { $0.contains("Bearer $CIVICLICK_API_KEY") })
        #expect(entries.count == 4, "one entry per logical request: get (retried), page, create, get")
        #expect(client.recentRequests.allSatisfy { e in e.headers.contains { $0 == ("Authorization", "Bearer ***") } })
        let settings = try CiviSettings.resolve(overrides: SettingsOverrides(baseURL: "https://x.example.org", apiKey: testKey),
                                                environment: ["HOME": "/nonexistent"])
        var dumped = ""
        dump(settings, to: &dumped)
        let everything = logs.all + errors + entries + curls + ["\(settings)", String(reflecting: settings), dumped]
        #expect(errors.count == 5)
        for text in everything { #expect(!text.contains(testKey), "leaked in: \(text.prefix(120))") }
        await client.shutdown()
    }

    @Test("every server-provided string shown is redacted: validation fields, code, request id, next links")
    func serverEchoesTheKey() async throws {
        let echo = #"{"error":{"code":"bad_\#(testKey)","message":"key \#(testKey) rejected","#
            + #""fields":{"email":"\#(testKey) is not an email","\#(testKey)":"unknown field"}}}"#
        let api = try RequestRecorder { r, _ in
            if r.method == "POST" {
                return RawResponse(status: 422, headers: [("X-Request-Id", "req_\(testKey)")], body: echo)
            }
            return RawResponse(status: 200, body: listBody(["adv_1"], next: quoted("http://127.1:1/advocates?k=\(testKey)")))
        }
        defer { api.stop() }
        let logs = LogCapture()
        let client = try makeClient(api.origin + "/api/v2", logger: logs.logger())
        var shown: [String] = []
        do {
            _ = try await client.create(resource: advocatesSpec, body: Record([("email", .string("x"))]))
            Issue.record("expected a validation error")
        } catch let e as CiviClientError {
            let report = e.report
            #expect(report.fields?.count == 2)
            #expect(report.fields?["***"] == "unknown field")
            #expect(report.fields?["email"] == "*** is not an email")
            shown += ["\(e)", "\(report)", String(reflecting: e), report.code ?? "", report.requestID ?? ""]
            shown += (report.fields ?? [:]).flatMap { [$0.key, $0.value] }
        }
        do {
            _ = try await drain(client.list(resource: advocatesSpec))
            Issue.record("expected the foreign next link to be refused")
        } catch let e as CiviClientError {
            shown += ["\(e)", "\(e.report)"]
        }
        shown += logs.all + client.recentRequests.map { "\($0)" } + client.recentRequests.map(\.curlCommand)
        #expect(shown.count > 8)
        for text in shown { #expect(!text.contains(testKey), "leaked in: \(text.prefix(160))") }
        await client.shutdown()
    }
}
