import CiviClient
import CiviCore
import CiviLang

/// A host whose writes also return how the API answered each one (status, request id). The
/// answer comes back with the call that sent the write, never through shared state, so writes
/// sent at once by `parallel` each get their own. The journal sits on one (`JournalingHost`).
protocol AnsweringHost: APIHost {
    /// `create`, with its response's status and request id.
    func createAnswered(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> WriteAnswer
    /// `update`, with its response's status and request id.
    func updateAnswered(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> WriteAnswer
    /// `delete`, with its response's status and request id.
    func deleteAnswered(_ resource: ResourceSpec, id: String, seen: Record?) throws -> WriteAnswer
    /// `raw`, with its response's status and request id.
    func rawAnswered(method: String, path: String, query: [(name: String, value: String)], body: Value?,
                     idempotencyKey: String?) throws -> WriteAnswer
}

extension AnsweringHost {
    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        try createAnswered(resource, body: body, idempotencyKey: idempotencyKey).value
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        try updateAnswered(resource, id: id, changes: changes, seen: seen).value
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        _ = try deleteAnswered(resource, id: id, seen: seen)
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        try rawAnswered(method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey).value
    }
}
