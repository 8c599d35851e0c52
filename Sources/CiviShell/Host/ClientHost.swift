import CiviClient
import CiviCore
import CiviLang
import Synchronization

/// The language's `APIHost`, implemented over CiviClient: each call blocks the interpreter (or a
/// `parallel` worker) thread while the async client works. Ctrl-C closes the write gate (no new
/// write starts) and cancels the reads in flight; writes in flight finish unless a second Ctrl-C
/// aborts them. Dry-run writes print the request they would send (to stderr) and return it.
final class ClientHost: APIHost, Sendable {
    let connection: Connection
    let gate: WriteGate
    private let dryRun: Atomic<Bool>

    init(connection: Connection, gate: WriteGate = WriteGate()) {
        self.connection = connection
        self.gate = gate
        dryRun = Atomic(connection.options.connection.dryRun)
    }

    var resources: ResourceTable {
        (try? connection.settings().resources) ?? .civiClick
    }

    var isDryRun: Bool { dryRun.load(ordering: .relaxed) }

    /// `:dry on|off`.
    func setDryRun(_ on: Bool) { dryRun.store(on, ordering: .relaxed) }

    /// Ctrl-C: no new write starts, reads in flight are cancelled, writes in flight finish.
    func interrupt() {
        gate.close()
        connection.bridge.interrupt()
    }

    /// A second Ctrl-C: writes in flight are cancelled too (their outcome becomes unknown).
    func abort() {
        gate.close()
        connection.bridge.abort()
    }

    /// Lets calls run again (before the next statement).
    func resume() {
        gate.open()
        connection.bridge.resume()
    }

    func openList(_ query: ListQuery) throws -> any PageCursor {
        let client = try connection.client()
        let stream = client.list(resource: query.resource, filters: query.filters, sort: query.sort,
                                 limit: query.limit, wantsAll: query.wantsAll)
        return StreamCursor(stream: stream, bridge: connection.bridge)
    }

    func count(_ query: ListQuery) throws -> Int {
        let client = try connection.client()
        return try connection.bridge.wait { try await client.count(resource: query.resource, filters: query.filters) }
    }

    func fetch(_ resource: ResourceSpec, id: String) throws -> Value {
        let client = try connection.client()
        return try connection.bridge.wait { try await client.get(resource: resource, id: id) }
    }

    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        if isDryRun { return dryRunWrite("POST", resource.listPath, body, resource: resource.name) }
        try gate.check()
        let client = try connection.client()
        return try connection.bridge.wait(isWrite: true) { try await client.create(resource: resource, body: body, idempotencyKey: idempotencyKey) }
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        if isDryRun {
            var shown = Record([("id", .string(id))], resource: resource.name)
            shown = shown.merging(changes)
            _ = dryRunWrite("PATCH", resource.path(forID: id), changes, resource: resource.name)
            return .record(shown)
        }
        try gate.check()
        let client = try connection.client()
        return try connection.bridge.wait(isWrite: true) { try await client.update(resource: resource, id: id, changes: changes) }
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        if isDryRun {
            _ = dryRunWrite("DELETE", resource.path(forID: id), nil, resource: resource.name)
            return
        }
        try gate.check()
        let client = try connection.client()
        try connection.bridge.wait(isWrite: true) { try await client.delete(resource: resource, id: id) }
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        let upper = method.uppercased()
        if isDryRun, upper != "GET", upper != "HEAD" {
            let shown: Record? = body.flatMap { if case .record(let r) = $0 { r } else { nil } }
            return dryRunWrite(upper, path, shown, resource: nil, rawBody: body)
        }
        let isWrite = upper != "GET" && upper != "HEAD"
        if isWrite { try gate.check() }
        let client = try connection.client()
        let q = query
        return try connection.bridge.wait(isWrite: isWrite) {
            try await client.raw(method: upper, path: path, query: q, body: body, idempotencyKey: idempotencyKey)
        }
    }

    private func dryRunWrite(_ method: String, _ path: String, _ body: Record?, resource: String?, rawBody: Value? = nil) -> Value {
        var line = "dry-run: \(method) \(path)"
        let payload: Value? = body.map { .record($0) } ?? rawBody
        if let payload, let json = try? JSONWriter.string(payload) { line += " " + json }
        Terminal.writeError(line + "\n")
        guard var r = body else { return rawBody ?? .null }
        r.setResource(resource)
        return .record(r)
    }
}

/// A client page stream seen as the language's blocking `PageCursor`.
final class StreamCursor: PageCursor {
    private let stream: PageStream
    private let bridge: BlockingBridge

    init(stream: PageStream, bridge: BlockingBridge) {
        self.stream = stream
        self.bridge = bridge
    }

    func nextPage() throws -> [Value]? {
        let s = stream
        return try bridge.wait { try await s.nextPage() }
    }

    var total: Int? { stream.total }

    func close() { stream.close() }

    deinit { stream.close() }
}
