import Foundation

/// One request as the shell's `:last` and `:curl` show it; the key is already redacted.
public struct RequestLogEntry: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The full URL with query.
    public var url: String
    /// Request headers, `Authorization` shown as `Bearer ***`.
    public var headers: [(name: String, value: String)]
    /// The request body as text, if any.
    public var body: String?
    /// The final HTTP status, or nil when no answer came.
    public var status: Int?
    /// Wall time from the first attempt to the final answer, seconds.
    public var duration: Double
    /// The response's `X-Request-Id`.
    public var requestID: String?
    /// Attempts sent (1 when no retry was needed).
    public var attempts: Int
    /// The error message when the request failed without an HTTP answer.
    public var failure: String?
    /// The request's number among the client's logical requests, counted from 0 as they start.
    public var sequence: Int
}

/// The last requests, oldest first, up to a fixed capacity.
struct RequestRing: Sendable {
    private(set) var entries: [RequestLogEntry] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(_ entry: RequestLogEntry) {
        if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[next] = entry
            next = (next + 1) % capacity
        }
    }

    /// Oldest first.
    var ordered: [RequestLogEntry] { Array(entries[next...] + entries[..<next]) }
}

/// What the client counts: attempts on the wire, logical requests, and writes per resource.
struct ClientCounters: Sendable {
    var attempts = 0
    var logical = 0
    var writes: [String: Int] = [:]
    var ring = RequestRing(capacity: 50)
}

/// Progress of a paging stream, for the shell's progress line.
public struct PageProgress: Sendable {
    /// The resource listed.
    public var resource: String
    /// Records fetched so far.
    public var records: Int
    /// `meta.total`, when known.
    public var total: Int?
    /// Pages fetched so far.
    public var pages: Int
}

extension RequestLogEntry {
    /// The request as a `curl` command line (for `:curl`) with the key written as
    /// `$CIVICLICK_API_KEY`, so the command runs once that variable holds the key.
    public var curlCommand: String { curlCommand(localKey: nil) }

    /// The request as a `curl` command line. `localKey` is given only for the embedded sandbox,
    /// whose key is made up for this session on this machine and is no secret: the command then
    /// runs as printed. A real account's key is always `$CIVICLICK_API_KEY`.
    public func curlCommand(localKey: String?) -> String {
        var parts = ["curl", "-X", method, shellQuote(url)]
        for (name, value) in headers {
            var shown = value
            if name.lowercased() == "authorization" { shown = "Bearer " + (localKey ?? "$CIVICLICK_API_KEY") }
            parts += ["-H", shellQuote("\(name): \(shown)")]
        }
        if let body { parts += ["--data", shellQuote(body)] }
        return parts.joined(separator: " ")
    }
}

/// Single-quotes `s` for POSIX shells; the key placeholder stays expandable in double quotes.
private func shellQuote(_ s: String) -> String {
    if s.contains("$CIVICLICK_API_KEY") { return "\"" + s + "\"" }
    return "'" + s.replacingAll("'", with: "'\\''") + "'"
}
