import CiviCore
import CiviLang
import Synchronization

/// Dry-run as a decorator of the host stack: while on (`--dry-run`, `:dry on`), each write is
/// printed to stderr and answered with what it would send; reads go to the inner host. The writes
/// held back are counted per method and resource for the summary after each statement or script.
final class DryRunHost: APIHost, Sendable {
    let inner: any APIHost
    private let enabled: Atomic<Bool>
    private let held = Mutex(WriteTally())

    /// Wraps `inner`; `on` is the starting mode.
    init(inner: any APIHost, on: Bool) {
        self.inner = inner
        enabled = Atomic(on)
    }

    var resources: ResourceTable { inner.resources }

    var isDryRun: Bool { enabled.load(ordering: .relaxed) || inner.isDryRun }

    /// True while writes are held back by this layer (not by an inner one).
    var isOn: Bool { enabled.load(ordering: .relaxed) }

    /// `:dry on|off`.
    func setOn(_ on: Bool) { enabled.store(on, ordering: .relaxed) }

    /// The writes held back since the last call, and forgets them.
    func takeHeldWrites() -> WriteTally { held.withLock { t in defer { t = WriteTally() }; return t } }

    func openList(_ query: ListQuery) throws -> any PageCursor { try inner.openList(query) }

    func count(_ query: ListQuery) throws -> Int { try inner.count(query) }

    func fetch(_ resource: ResourceSpec, id: String) throws -> Value { try inner.fetch(resource, id: id) }

    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        guard isOn else { return try inner.create(resource, body: body, idempotencyKey: idempotencyKey) }
        return hold("POST", resource.listPath, body, resource: resource.name)
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        guard isOn else { return try inner.update(resource, id: id, changes: changes, seen: seen) }
        _ = hold("PATCH", resource.path(forID: id), changes, resource: resource.name)
        return .record(Record([("id", .string(id))], resource: resource.name).merging(changes))
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        guard isOn else { return try inner.delete(resource, id: id, seen: seen) }
        _ = hold("DELETE", resource.path(forID: id), nil, resource: resource.name)
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        let upper = method.uppercased()
        guard isOn, upper != "GET", upper != "HEAD" else {
            return try inner.raw(method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey)
        }
        return hold(upper, path, body?.recordValue, resource: WriteTally.resourceName(ofPath: path), rawBody: body)
    }

    private func hold(_ method: String, _ path: String, _ body: Record?, resource: String, rawBody: Value? = nil) -> Value {
        held.withLock { $0.add(method: method, resource: resource) }
        var line = "dry-run: \(method) \(path)"
        let payload: Value? = body.map { .record($0) } ?? rawBody
        if let payload, let json = try? JSONWriter.string(payload) { line += " " + json }
        Terminal.writeError(line + "\n")
        guard var r = body else { return rawBody ?? .null }
        // A raw request's body is not a record of any resource; a create's is one of `resource`.
        r.setResource(rawBody == nil ? resource : nil)
        return .record(r)
    }
}

/// Writes counted by method and resource, in the order first seen: `120 PATCH advocates`.
struct WriteTally: Sendable {
    private(set) var groups: [(method: String, resource: String, count: Int)] = []

    /// No writes counted.
    var isEmpty: Bool { groups.isEmpty }

    /// Counts one write.
    mutating func add(method: String, resource: String) {
        if let i = groups.firstIndex(where: { $0.method == method && $0.resource == resource }) {
            groups[i].count += 1
        } else {
            groups.append((method, resource, 1))
        }
    }

    /// `dry run: 120 PATCH advocates, 3 POST advocates not sent`, or nil when nothing was held back.
    var dryRunSummary: String? {
        guard !isEmpty else { return nil }
        return "dry run: " + groups.map { "\($0.count) \($0.method) \($0.resource)" }.joined(separator: ", ") + " not sent"
    }

    /// The first segment of a raw request's path (`/advocates/adv_1?x=1` → `advocates`), naming its group.
    static func resourceName(ofPath path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return bare.split(separator: "/").first.map(String.init) ?? "/"
    }
}
