import CiviClient
import CiviCore
import CiviLang

/// The language's `APIHost`, implemented over CiviClient: each call blocks the interpreter (or a
/// `parallel` worker) thread while the async client works. It always sends: dry-run and plans are
/// decorators around it (`DryRunHost`, `PlanningHost`). Ctrl-C closes the write gate (no new write
/// starts) and cancels the reads in flight; writes in flight finish unless a second Ctrl-C aborts them.
/// Its writes also return their response's status and request id (`AnsweringHost`), for the journal.
final class ClientHost: AnsweringHost, Sendable {
    let connection: Connection
    let gate: WriteGate

    init(connection: Connection, gate: WriteGate = WriteGate()) {
        self.connection = connection
        self.gate = gate
    }

    var resources: ResourceTable {
        (try? connection.settings().resources) ?? .civiClick
    }

    var isDryRun: Bool { false }

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

    func createAnswered(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> WriteAnswer {
        try gate.check()
        let client = try connection.client()
        return try connection.bridge.wait(isWrite: true) {
            try await client.createAnswered(resource: resource, body: body, idempotencyKey: idempotencyKey)
        }
    }

    func updateAnswered(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> WriteAnswer {
        try gate.check()
        let client = try connection.client()
        return try connection.bridge.wait(isWrite: true) { try await client.updateAnswered(resource: resource, id: id, changes: changes) }
    }

    func deleteAnswered(_ resource: ResourceSpec, id: String, seen: Record?) throws -> WriteAnswer {
        try gate.check()
        let client = try connection.client()
        return try connection.bridge.wait(isWrite: true) { try await client.deleteAnswered(resource: resource, id: id) }
    }

    func rawAnswered(method: String, path: String, query: [(name: String, value: String)], body: Value?,
                     idempotencyKey: String?) throws -> WriteAnswer {
        let upper = method.uppercased()
        let isWrite = upper != "GET" && upper != "HEAD"
        if isWrite { try gate.check() }
        let client = try connection.client()
        let q = query
        return try connection.bridge.wait(isWrite: isWrite) {
            try await client.rawAnswered(method: upper, path: path, query: q, body: body, idempotencyKey: idempotencyKey)
        }
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
