import CiviClient
import CiviCore
import CiviLang
import Synchronization

/// Plans as a decorator of the host stack: while a plan is being recorded (`civi run --plan`,
/// `:plan on`), writes are not sent but recorded with their before-images and answered as the API
/// would answer them (an update with the merged record, a create with a plan-local id later writes
/// may use, a delete with nothing); reads go to the inner host. Otherwise every call passes through.
final class PlanningHost: APIHost, Sendable {
    let inner: any APIHost
    private let book = Mutex<PlanBook?>(nil)

    /// Wraps `inner`, passing everything through until `start`.
    init(inner: any APIHost) { self.inner = inner }

    var resources: ResourceTable { inner.resources }

    var isDryRun: Bool { isPlanning || inner.isDryRun }

    /// True while writes are recorded instead of sent.
    var isPlanning: Bool { book.withLock { $0 != nil } }

    /// Starts recording a new, empty plan made from `source`.
    func start(source: String) { book.withLock { $0 = PlanBook(source: source) } }

    /// Stops recording; returns the number of writes the plan held (they are discarded).
    @discardableResult
    func stop() -> Int { book.withLock { b in defer { b = nil }; return b?.count ?? 0 } }

    /// How many writes the plan holds (0 when none is being recorded).
    var plannedCount: Int { book.withLock { $0?.count ?? 0 } }

    /// The writes recorded so far (empty when no plan is being recorded).
    func plannedWrites() -> [PlannedWrite] { book.withLock { $0?.plannedWrites ?? [] } }

    func openList(_ query: ListQuery) throws -> any PageCursor { try inner.openList(query) }

    func count(_ query: ListQuery) throws -> Int { try inner.count(query) }

    func fetch(_ resource: ResourceSpec, id: String) throws -> Value {
        let planned = book.withLock { b -> (Record?, Bool) in
            guard let b else { return (nil, false) }
            return (b.record(resource.name, id), b.isDeleted(resource.name, id))
        }
        if let record = planned.0 { return .record(record) }
        if planned.1 { throw Self.deletedInPlan(resource, id) }
        return try inner.fetch(resource, id: id)
    }

    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        let key = idempotencyKey ?? Plan.randomToken()
        let made = book.withLock { b -> Record? in
            guard b != nil else { return nil }
            return b!.create(resource, body: body, idempotencyKey: key)
        }
        guard let made else { return try inner.create(resource, body: body, idempotencyKey: idempotencyKey) }
        return .record(made)
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        enum Step { case passThrough, done(Record), deleted, needsBase(Record?) }
        let step = book.withLock { b -> Step in
            guard b != nil else { return .passThrough }
            if let made = b!.amendCreate(resource, id: id, changes: changes) { return .done(made) }
            if b!.isDeleted(resource.name, id) { return .deleted }
            return .needsBase(b!.record(resource.name, id))
        }
        switch step {
        case .passThrough: return try inner.update(resource, id: id, changes: changes, seen: seen)
        case .done(let made): return .record(made)
        case .deleted: throw Self.deletedInPlan(resource, id)
        case .needsBase(let known):
            // The record as the plan leaves it, else as the script saw it when that shows every
            // changed field, else as the API has it now: the before-image `apply` checks against.
            let base: Record
            if let known {
                base = known
            } else if let seen, changes.keys.allSatisfy({ $0 == "id" || seen[$0] != nil }) {
                base = seen
            } else {
                base = try fetchRecord(resource, id)
            }
            let key = Plan.randomToken()
            let merged = book.withLock { b -> Record? in
                guard b != nil else { return nil }
                return b!.update(resource, id: id, changes: changes, base: base, idempotencyKey: key)
            }
            // The plan was stopped while the record was read (another thread): send as usual.
            guard let merged else { return try inner.update(resource, id: id, changes: changes, seen: seen) }
            return .record(merged)
        }
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        enum Step { case passThrough, done, deleted, needsBase(Record?) }
        let step = book.withLock { b -> Step in
            guard b != nil else { return .passThrough }
            if b!.withdrawCreate(resource, id: id) { return .done }
            if b!.isDeleted(resource.name, id) { return .deleted }
            return .needsBase(b!.record(resource.name, id))
        }
        switch step {
        case .passThrough: return try inner.delete(resource, id: id, seen: seen)
        case .done: return
        case .deleted: throw Self.deletedInPlan(resource, id)
        case .needsBase(let known):
            let base: Record
            if let known {
                base = known
            } else if let seen, seen.keys.contains(where: { $0 != "id" }) {
                base = seen
            } else {
                base = try fetchRecord(resource, id)
            }
            let key = Plan.randomToken()
            let recorded = book.withLock { b -> Bool in
                guard b != nil else { return false }
                b!.delete(resource, id: id, base: base, idempotencyKey: key)
                return true
            }
            if !recorded { try inner.delete(resource, id: id, seen: seen) }
        }
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        let upper = method.uppercased()
        let key = idempotencyKey ?? Plan.randomToken()
        let recorded = upper != "GET" && upper != "HEAD" && book.withLock { b -> Bool in
            guard b != nil else { return false }
            b!.raw(method: upper, path: path, query: query, body: body, idempotencyKey: key)
            return true
        }
        guard recorded else {
            return try inner.raw(method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey)
        }
        // What a raw write returns is up to the API; the body sent is the closest honest answer.
        return body ?? .null
    }

    private func fetchRecord(_ resource: ResourceSpec, _ id: String) throws -> Record {
        guard let record = try inner.fetch(resource, id: id).recordValue else {
            throw CiviClientError.badResponse(message: "GET \(resource.path(forID: id)) did not return a record", requestID: nil)
        }
        return record
    }

    /// The error the API would give for a record the plan already deletes.
    private static func deletedInPlan(_ resource: ResourceSpec, _ id: String) -> CiviClientError {
        .http(status: 404, code: "not_found", message: "\(resource.singular) \(id) is deleted earlier in this plan",
              fields: nil, requestID: nil)
    }
}
