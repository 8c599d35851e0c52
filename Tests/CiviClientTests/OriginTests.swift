import CiviClient
import CiviCore
import Foundation
import Synchronization
import Testing

/// Records every request a server gets, and answers each from `respond`.
final class RequestRecorder: Sendable {
    /// The requests so far; held by the server's handler too, so a request still being served
    /// after the recorder is gone never touches freed memory.
    private final class Log: Sendable {
        let seen = Mutex<[RawRequest]>([])
    }

    private let log = Log()
    let server: RawHTTPServer

    init(_ respond: @escaping @Sendable (RawRequest, Int) -> RawResponse) throws {
        let log = self.log
        server = try RawHTTPServer { r in
            let n = log.seen.withLock { seen in
                seen.append(r)
                return seen.count
            }
            return respond(r, n)
        }
    }

    var requests: [RawRequest] { log.seen.withLock { $0 } }
    var port: Int { server.port }
    var origin: String { server.origin }
    func stop() { server.stop() }
}

/// A list page body: `ids` as advocates, and `next` as given (already JSON: a quoted string or null).
func listBody(_ ids: [String], next: String, meta: String = #"{"page":1,"per_page":2,"total":100,"total_pages":50}"#) -> String {
    let data = ids.map { #"{"id":"\#($0)","email":"\#($0)@x.org"}"# }.joined(separator: ",")
    return #"{"data":[\#(data)],"meta":\#(meta),"links":{"next":\#(next)}}"#
}

/// `s` as a JSON string literal.
func quoted(_ s: String) -> String { "\"" + s + "\"" }

@Suite("the key goes only to the base URL's origin")
struct OriginTests {
    /// Lists through a server whose first page's next link is `next(otherPort, ownPort)`;
    /// returns the error and what both servers saw.
    private func follow(_ next: @escaping @Sendable (Int, Int) -> String) async throws
        -> (records: [Record], error: CiviClientError?, api: [RawRequest], other: [RawRequest])
    {
        let other = try RequestRecorder { _, _ in RawResponse(status: 200, body: listBody(["adv_evil"], next: "null")) }
        defer { other.stop() }
        let otherPort = other.port
        let api = try RequestRecorder { r, n in
            RawResponse(status: 200, body: listBody(["adv_\(n)a", "adv_\(n)b"], next: quoted(next(otherPort, r.hostPort))))
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", perPage: 2)
        var error: CiviClientError?
        var records: [Record] = []
        do {
            for try await page in client.list(resource: advocatesSpec) { records += page.compactMap(\.recordValue) }
        } catch let e as CiviClientError {
            error = e
        }
        await client.shutdown()
        return (records, error, api.requests, other.requests)
    }

    @Test("a next link to another port, or to 127.1 / 2130706433 (numeric forms of 127.0.0.1), is refused by name",
          arguments: ["http://127.0.0.1:OTHER/api/v2/advocates?page=2",
                      "http://127.1:OTHER/api/v2/advocates?page=2",
                      "http://2130706433:OTHER/api/v2/advocates?page=2",
                      "//127.0.0.1:OTHER/api/v2/advocates?page=2",
                      "http://127.1:OWN/api/v2/advocates?page=2",
                      "http://2130706433:OWN/api/v2/advocates?page=2",
                      "https://127.0.0.1:OWN/api/v2/advocates?page=2",
                      "ftp://127.0.0.1:OWN/advocates"])
    func foreignNextLink(template: String) async throws {
        let (records, error, api, other) = try await follow { otherPort, ownPort in
            template.replacingOccurrences(of: "OTHER", with: "\(otherPort)").replacingOccurrences(of: "OWN", with: "\(ownPort)")
        }
        #expect(other.isEmpty, "the other origin was sent \(other.count) request(s)")
        #expect(api.count == 1, "only the first page is fetched")
        #expect(records.map(id) == ["adv_1a", "adv_1b"], "the first page is still delivered")
        #expect(api.allSatisfy { $0.headers["authorization"] == "Bearer \(testKey)" })
        guard case .badResponse(let message, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("links.next '"), "\(message)")
        #expect(message.contains("another origin"), "\(message)")
        #expect(error?.report.code == "bad_response")
    }

    @Test("next links on the same origin are followed: absolute (any scheme/host case), under the base path, relative to it")
    func sameOriginLinks() async throws {
        let api = try RequestRecorder { r, n in
            let own = r.headers["host"] ?? ""
            let next: String = switch n {
            case 1: quoted("HTTP://\(own)/api/v2/advocates?page=2&per_page=2")
            case 2: quoted("/api/v2/advocates?page=3&per_page=2")
            case 3: quoted("/advocates?page=4&per_page=2")
            default: "null"
            }
            return RawResponse(status: 200, body: listBody(["adv_\(n)a", "adv_\(n)b"], next: next,
                                                           meta: #"{"page":\#(n),"per_page":2,"total":8,"total_pages":4}"#))
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", perPage: 2, prefetch: 0)
        let records = try await drain(client.list(resource: advocatesSpec))
        #expect(records.count == 8)
        #expect(api.requests.map(\.target) == ["/api/v2/advocates?page=1&per_page=2", "/api/v2/advocates?page=2&per_page=2",
                                               "/api/v2/advocates?page=3&per_page=2", "/api/v2/advocates?page=4&per_page=2"])
        await client.shutdown()
    }

    @Test("a raw request to an absolute URL on another origin is refused; on the base origin it is sent",
          arguments: ["http://127.1:OWN/api/v2/advocates", "/http://127.0.0.1:OTHER/api/v2/advocates",
                      "https://127.0.0.1:OWN/api/v2/advocates", "http://2130706433:OWN/x"])
    func rawAbsolute(template: String) async throws {
        let other = try RequestRecorder { _, _ in RawResponse(status: 200, body: "{}") }
        defer { other.stop() }
        let api = try RequestRecorder { _, _ in RawResponse(status: 200, body: #"{"ok":true}"#) }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2")
        let url = template.replacingOccurrences(of: "OTHER", with: "\(other.port)").replacingOccurrences(of: "OWN", with: "\(api.port)")
        do {
            _ = try await client.raw(method: "GET", path: url)
            Issue.record("expected \(url) to be refused")
        } catch let e as CiviClientError {
            #expect(e.report.code == "configuration")
            #expect(e.report.message.contains("not on the API's origin"), "\(e.report.message)")
        }
        #expect(other.requests.isEmpty && api.requests.isEmpty)
        let same = try await client.raw(method: "GET", path: "/" + api.origin + "/api/v2/advocates", query: [("q", "a://b")])
        #expect(same.recordValue?["ok"] == .bool(true))
        #expect(try await client.raw(method: "GET", path: "/advocates?next=http://elsewhere.example").recordValue != nil)
        #expect(api.requests.map(\.target) == ["/api/v2/advocates?q=a%3A%2F%2Fb", "/api/v2/advocates?next=http://elsewhere.example"])
        await client.shutdown()
    }

    @Test("every request's User-Agent carries the one version constant (what `civi --version` prints)")
    func userAgent() async throws {
        let api = try RequestRecorder { _, _ in RawResponse(status: 200, body: #"{"ok":true}"#) }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2")
        _ = try await client.raw(method: "GET", path: "/advocates")
        await client.shutdown()
        #expect(api.requests.map { $0.headers["user-agent"] } == ["civi/\(civiVersion)"])
    }

    @Test("a redirect to another origin is not followed, so the key does not travel with it")
    func redirect() async throws {
        let other = try RequestRecorder { _, _ in RawResponse(status: 200, body: "{}") }
        defer { other.stop() }
        let location = "http://127.1:\(other.port)/api/v2/advocates/adv_1"
        let api = try RequestRecorder { _, _ in
            RawResponse(status: 302, headers: [("Location", location)], body: #"{"error":"moved"}"#)
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2")
        await #expect(throws: CiviClientError.self) { _ = try await client.get(resource: advocatesSpec, id: "adv_1") }
        #expect(other.requests.isEmpty)
        #expect(api.requests.count == 1)
        await client.shutdown()
    }
}

private extension RawRequest {
    /// The port this request was sent to, from its `Host` header.
    var hostPort: Int {
        guard let host = headers["host"], let colon = host.lastIndex(of: ":") else { return 0 }
        return Int(host[host.index(after: colon)...]) ?? 0
    }
}
