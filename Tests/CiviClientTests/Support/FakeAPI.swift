import CiviCore
import Foundation

/// An in-memory CiviClick-like advocates API over the raw server, with fault injection, so
/// paging, write compensation and retries can be checked request by request.
final class FakeAPI: @unchecked Sendable {
    struct Advocate { var id: String; var email: String; var tags: [String] }

    private let lock = NSLock()
    private var advocates: [Advocate]
    private var idempotent: [String: RawResponse] = [:]
    private var nextID: Int
    /// Statuses to answer (before doing anything) to the next requests, in order.
    private var scripted: [RawResponse] = []
    /// After performing a POST, answer 503 with this probability (the "lost response" case).
    var loseResponseRate = 0.0
    /// Sleep this long before answering list requests.
    var listDelay: Double = 0
    private var listsInFlight = 0
    /// The most list requests the fake was serving at one moment.
    private(set) var maxListsInFlight = 0
    private(set) var requests: [RawRequest] = []
    private(set) var server: RawHTTPServer!

    /// The base URL, `http://127.0.0.1:PORT/api/v2`.
    var baseURL: String { server.origin + "/api/v2" }

    init(count: Int, tag: String = "t") throws {
        advocates = (0..<count).map { Advocate(id: String(format: "adv_%05d", $0), email: "a\($0)@x.org", tags: [tag]) }
        nextID = count
        // Weak: a request still being served after the fake is gone gets a plain 503.
        server = try RawHTTPServer { [weak self] in self?.handle($0) ?? RawResponse(status: 503, body: "") }
    }

    deinit { server.stop() }

    func stop() { server.stop() }

    /// Queues canned answers for the next requests.
    func script(_ responses: RawResponse...) { lock.withLock { scripted += responses } }

    var stored: [Advocate] { lock.withLock { advocates } }
    var requestCount: Int { lock.withLock { requests.count } }

    private func handle(_ r: RawRequest) -> RawResponse {
        let (canned, delay) = lock.withLock { () -> (RawResponse?, Double) in
            requests.append(r)
            return (scripted.isEmpty ? nil : scripted.removeFirst(), r.method == "GET" && !r.path.contains("adv_") ? listDelay : 0)
        }
        if let canned { return canned }
        let isList = r.method == "GET" && !r.path.contains("adv_")
        if isList {
            lock.withLock {
                listsInFlight += 1
                maxListsInFlight = max(maxListsInFlight, listsInFlight)
            }
        }
        defer { if isList { lock.withLock { listsInFlight -= 1 } } }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return lock.withLock { route(r) }
    }

    private func route(_ r: RawRequest) -> RawResponse {
        let parts = r.path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v2", parts[2] == "advocates" else {
            return json(404, #"{"error":{"code":"not_found","message":"no route"}}"#)
        }
        if parts.count == 3 && r.method == "GET" { return list(r) }
        if parts.count == 3 && r.method == "POST" { return create(r) }
        guard parts.count == 4, let i = advocates.firstIndex(where: { $0.id == parts[3] }) else {
            return json(404, #"{"error":{"code":"not_found","message":"no such advocate"}}"#)
        }
        switch r.method {
        case "GET": return json(200, #"{"data":\#(encode(advocates[i]))}"#)
        case "DELETE":
            advocates.remove(at: i)
            return RawResponse(status: 204, body: "")
        case "PATCH":
            if case .record(let rec)? = try? JSONReader.read(r.body), case .list(let tags)? = rec["tags"] {
                advocates[i].tags = tags.compactMap(\.stringValue)
            }
            return json(200, #"{"data":\#(encode(advocates[i]))}"#)
        default: return json(405, #"{"error":"method not allowed"}"#)
        }
    }

    private func list(_ r: RawRequest) -> RawResponse {
        let q = r.query
        let page = Int(q["page"] ?? "1") ?? 1
        let perPage = Int(q["per_page"] ?? "25") ?? 25
        let matching = q["tag"].map { tag in advocates.filter { $0.tags.contains(tag) } } ?? advocates
        let start = min(matching.count, (page - 1) * perPage)
        let slice = matching[start..<min(matching.count, start + perPage)]
        let totalPages = (matching.count + perPage - 1) / perPage
        var nextQuery = q
        nextQuery["page"] = String(page + 1)
        let nextLink = page < totalPages
            ? "\"/api/v2/advocates?" + nextQuery.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&") + "\""
            : "null"
        let data = slice.map(encode).joined(separator: ",")
        return json(200, #"{"data":[\#(data)],"meta":{"page":\#(page),"per_page":\#(perPage),"total":\#(matching.count),"total_pages":\#(totalPages)},"links":{"next":\#(nextLink)}}"#)
    }

    private func create(_ r: RawRequest) -> RawResponse {
        let key = r.headers["idempotency-key"]
        if let key, let previous = idempotent[key] { return previous }
        guard case .record(let rec)? = try? JSONReader.read(r.body), let email = rec["email"]?.stringValue else {
            return json(422, #"{"error":{"code":"validation_failed","message":"email is required","fields":{"email":"required"}}}"#)
        }
        let a = Advocate(id: String(format: "adv_%05d", nextID), email: email, tags: [])
        nextID += 1
        advocates.append(a)
        let response = json(201, #"{"data":\#(encode(a))}"#)
        if let key { idempotent[key] = response }
        if Double.random(in: 0..<1) < loseResponseRate {
            return json(503, #"{"error":{"code":"service_unavailable","message":"lost"}}"#)
        }
        return response
    }

    private func encode(_ a: Advocate) -> String {
        let tags = a.tags.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"id":"\#(a.id)","email":"\#(a.email)","tags":[\#(tags)],"created_at":"2026-01-02T03:04:05Z"}"#
    }

    private func json(_ status: Int, _ body: String) -> RawResponse {
        RawResponse(status: status, headers: [("Content-Type", "application/json"), ("X-Request-Id", "req_\(requests.count)")],
                    body: body)
    }
}
