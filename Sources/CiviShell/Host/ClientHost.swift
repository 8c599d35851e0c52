import CiviClient
import CiviCore
import CiviLang

/// The language's `APIHost`, implemented over CiviClient: each call blocks the interpreter (or a
/// `parallel` worker) thread while the async client works; Ctrl-C cancels calls in flight. It always
/// sends: dry-run and plans are decorators around it (`DryRunHost`, `PlanningHost`).
final class ClientHost: APIHost, Sendable {
    let connection: Connection

    init(connection: Connection) {
        self.connection = connection
    }

    var resources: ResourceTable {
        (try? connection.settings().resources) ?? .civiClick
    }

    var isDryRun: Bool { false }

    /// Cancels the calls in flight (Ctrl-C).
    func interrupt() { connection.bridge.interrupt() }

    /// Lets calls run again (before the next statement).
    func resume() { connection.bridge.resume() }

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
        let client = try connection.client()
        return try connection.bridge.wait { try await client.create(resource: resource, body: body, idempotencyKey: idempotencyKey) }
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        let client = try connection.client()
        return try connection.bridge.wait { try await client.update(resource: resource, id: id, changes: changes) }
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        let client = try connection.client()
        try connection.bridge.wait { try await client.delete(resource: resource, id: id) }
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        let upper = method.uppercased()
        let client = try connection.client()
        let q = query
        return try connection.bridge.wait {
            try await client.raw(method: upper, path: path, query: q, body: body, idempotencyKey: idempotencyKey)
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
