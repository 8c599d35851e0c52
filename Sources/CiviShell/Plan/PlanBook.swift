import CiviCore

/// The writes a plan has recorded so far, and the records as the plan leaves them, so a later
/// planned write sees the earlier ones (its before-image, a planned id it refers to).
struct PlanBook: Sendable {
    /// What the plan is made from (a script path, `repl`, `-e`).
    let source: String
    /// Writes in order; nil where a planned create was taken back by a planned delete.
    private var writes: [PlannedWrite?] = []
    /// Plan-local id → index of its create in `writes`.
    private var creates: [String: Int] = [:]
    /// `resource/id` → the record as the planned writes so far leave it.
    private var records: [String: Record] = [:]
    /// `resource/id` of records a planned write deletes.
    private var deleted: Set<String> = []
    /// The last plan-local number used per id prefix.
    private var counters: [String: Int] = [:]

    init(source: String) { self.source = source }

    /// The writes recorded, numbered from 1.
    var plannedWrites: [PlannedWrite] {
        var out = writes.compactMap { $0 }
        for i in out.indices { out[i].seq = i + 1 }
        return out
    }

    /// The number of writes recorded.
    var count: Int { writes.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// The record as earlier planned writes leave it; nil when they do not touch it.
    func record(_ resource: String, _ id: String) -> Record? { records[resource + "/" + id] }

    /// True when an earlier planned write deletes the record.
    func isDeleted(_ resource: String, _ id: String) -> Bool { deleted.contains(resource + "/" + id) }

    /// True for an id a planned create handed out.
    func isPlannedCreate(_ id: String) -> Bool { creates[id] != nil }

    /// Records a create; returns the record with its plan-local id (`adv_planned_0001`).
    mutating func create(_ spec: ResourceSpec, body: Record, idempotencyKey: String) -> Record {
        let n = (counters[spec.idPrefix] ?? 0) + 1
        counters[spec.idPrefix] = n
        let digits = String(n)
        let id = spec.idPrefix + "planned_" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        creates[id] = writes.count
        writes.append(PlannedWrite(seq: writes.count + 1, kind: .create, method: "POST", resource: spec.name,
                                   path: spec.listPath, id: id, body: .record(body), before: nil, idempotencyKey: idempotencyKey))
        let made = Record([("id", .string(id))], resource: spec.name).merging(body)
        records[spec.name + "/" + id] = made
        return made
    }

    /// An update of a record a planned create makes edits that create; returns the record it makes.
    mutating func amendCreate(_ spec: ResourceSpec, id: String, changes: Record) -> Record? {
        guard let index = creates[id], let write = writes[index], let body = write.changes else { return nil }
        writes[index]?.body = .record(body.merging(changes))
        let made = (records[spec.name + "/" + id] ?? Record([("id", .string(id))], resource: spec.name)).merging(changes)
        records[spec.name + "/" + id] = made
        return made
    }

    /// A delete of a record a planned create makes takes the create back; false for other ids.
    mutating func withdrawCreate(_ spec: ResourceSpec, id: String) -> Bool {
        guard let index = creates.removeValue(forKey: id) else { return false }
        writes[index] = nil
        records[spec.name + "/" + id] = nil
        deleted.insert(spec.name + "/" + id)
        return true
    }

    /// Records an update of an existing record whose state before it is `base`; returns the merged record.
    mutating func update(_ spec: ResourceSpec, id: String, changes: Record, base: Record, idempotencyKey: String) -> Record {
        var before = Record([("id", .string(id))], resource: spec.name)
        for key in changes.keys where key != "id" { before.set(key, base[key] ?? .null) }
        writes.append(PlannedWrite(seq: writes.count + 1, kind: .update, method: "PATCH", resource: spec.name,
                                   path: spec.path(forID: id), id: id, body: .record(changes), before: before,
                                   idempotencyKey: idempotencyKey))
        var merged = base.merging(changes)
        merged.setResource(spec.name)
        records[spec.name + "/" + id] = merged
        return merged
    }

    /// Records a delete of an existing record whose state before it is `base`.
    mutating func delete(_ spec: ResourceSpec, id: String, base: Record, idempotencyKey: String) {
        writes.append(PlannedWrite(seq: writes.count + 1, kind: .delete, method: "DELETE", resource: spec.name,
                                   path: spec.path(forID: id), id: id, body: nil, before: base, idempotencyKey: idempotencyKey))
        records[spec.name + "/" + id] = nil
        deleted.insert(spec.name + "/" + id)
    }

    /// Records a raw write (`post`, `put`, `patch`, `request`), sent as it is at apply.
    mutating func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?, idempotencyKey: String) {
        writes.append(PlannedWrite(seq: writes.count + 1, kind: .raw, method: method,
                                   resource: WriteTally.resourceName(ofPath: path), path: path, id: nil, body: body,
                                   query: query, before: nil, idempotencyKey: idempotencyKey))
    }
}
