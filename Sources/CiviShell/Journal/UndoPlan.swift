import CiviCore
import CiviJournal

/// What undoing one journaled write takes, worked out from the journal alone (the server is read
/// when the step runs: see `UndoRunner`).
enum UndoStep: Sendable {
    /// PATCH `resource/id` back: each field to its before-image value, provided it still holds
    /// what the run wrote (`wrote`). `reconciling`: the write's outcome is unknown, so a field
    /// that does not hold the written value means the write never landed (nothing to revert).
    case revertFields(resource: String, id: String, before: Record, wrote: Record, reconciling: Bool)
    /// DELETE the record the run created, provided it still looks as created (`created`).
    case deleteCreated(resource: String, id: String, created: Record)
    /// A create whose outcome is unknown: resend it with its Idempotency-Key (the API answers
    /// with the record if the first one landed, else makes it now), then delete what it returns.
    case deleteUnknownCreate(resource: String, body: Record, idempotencyKey: String)
    /// POST the deleted record again from its before-image (it gets a new id). `reconciling`:
    /// the delete's outcome is unknown, so the record is re-created only if it is gone.
    case recreate(resource: String, oldID: String, body: Record, reconciling: Bool)
    /// Nothing to do: a write the API refused (nothing changed).
    case nothing
    /// A write civi cannot invert, and why.
    case notUndoable(String)
}

/// The inverse of a run's writes, in reverse order.
enum UndoPlan {
    /// One step per write, newest first.
    static func steps(for writes: [JournalWrite], runEnded: Bool, resources: ResourceTable) -> [(JournalWrite, UndoStep)] {
        writes.sorted { $0.seq > $1.seq }.map { ($0, step(for: $0, runEnded: runEnded, resources: resources)) }
    }

    /// How to undo one write.
    static func step(for write: JournalWrite, runEnded: Bool, resources: ResourceTable) -> UndoStep {
        let state = write.effectiveState(runEnded: runEnded)
        let intent = write.intent
        if state == .failed { return .nothing }
        if state == .intent { return .notUndoable("still in flight (its run is still going)") }
        let reconciling = state == .unknown
        guard let name = intent.resource, let spec = resources.spec(named: name), intent.recordID != nil || intent.method == "POST",
              intent.path == spec.listPath || intent.path == intent.recordID.map(spec.path(forID:)) else {
            return .notUndoable("a raw \(intent.method) \(intent.path) (civi cannot tell what it changed)")
        }
        switch intent.method {
        case "PATCH":
            guard let id = intent.recordID, let body = intent.body?.recordValue else { return .notUndoable("no body recorded") }
            guard let before = intent.before?.recordValue else {
                return .notUndoable("its before-image could not be read when it was sent")
            }
            var wrote = body
            if let after = write.outcome.after?.recordValue {
                for key in body.keys { if let v = after[key] { wrote.set(key, v) } }
            }
            return .revertFields(resource: name, id: id, before: before, wrote: wrote, reconciling: reconciling)
        case "POST":
            guard spec.canDelete else { return .notUndoable("the API cannot delete \(name), so a created one stays") }
            if let created = write.outcome.after?.recordValue, case .string(let id)? = created["id"] {
                return .deleteCreated(resource: name, id: id, created: created)
            }
            guard reconciling, let body = intent.body?.recordValue, let key = intent.idempotencyKey else {
                return .notUndoable("the created record's id was not recorded")
            }
            return .deleteUnknownCreate(resource: name, body: body, idempotencyKey: key)
        case "DELETE":
            guard let id = intent.recordID, let before = intent.before?.recordValue else {
                return .notUndoable("the deleted record could not be read before it was deleted")
            }
            var body = Record()
            for key in spec.writableFields {
                if let v = before[key], v != .null { body.set(key, v) }
            }
            return .recreate(resource: name, oldID: id, body: body, reconciling: reconciling)
        default:
            return .notUndoable("a \(intent.method) (civi undoes creates, updates and deletes)")
        }
    }
}
