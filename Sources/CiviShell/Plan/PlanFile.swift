import CiviCore

/// A plan as a JSON file (versioned; the target's host but never the API key) and back.
enum PlanFile {
    /// Why a plan file could not be used; says which file and what is wrong with it.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The plan as pretty-printed JSON.
    static func encode(_ plan: Plan) throws -> String {
        let writes: [Value] = plan.writes.map { w in
            var fields: [(String, Value)] = [("seq", .int(w.seq)), ("kind", .string(w.kind.rawValue)),
                                             ("method", .string(w.method)), ("resource", .string(w.resource)),
                                             ("path", .string(w.path))]
            if let id = w.id { fields.append(("id", .string(id))) }
            if !w.query.isEmpty {
                fields.append(("query", .list(w.query.map { .list([.string($0.name), .string($0.value)]) })))
            }
            if let body = w.body { fields.append(("body", body)) }
            if let before = w.before { fields.append(("before", .record(before))) }
            fields.append(("idempotency_key", .string(w.idempotencyKey)))
            return .record(Record(fields))
        }
        let document = Value.record(Record([
            ("civi_plan", .int(Plan.formatVersion)), ("id", .string(plan.id)), ("created_at", .date(plan.created)),
            ("source", .string(plan.source)), ("target", .string(plan.target)), ("writes", .list(writes)),
        ]))
        return try JSONWriter.string(document, options: JSONWriter.Options(pretty: true)) + "\n"
    }

    /// Reads a plan; `name` (the file's path) goes into every error message.
    static func decode(_ text: String, name: String) throws -> Plan {
        let document: Value
        do { document = try JSONReader.read(text) } catch {
            throw Invalid(description: "\(name) is not a plan file: \(error)")
        }
        guard let top = document.recordValue, case .int(let version)? = top["civi_plan"] else {
            throw Invalid(description: "\(name) is not a plan file (no \"civi_plan\" version); make one with civi run --plan")
        }
        guard version == Plan.formatVersion else {
            throw Invalid(description: "\(name) is a version \(version) plan; this civi reads version \(Plan.formatVersion)")
        }
        func string(_ r: Record, _ key: String, _ at: String) throws -> String {
            guard let s = r[key]?.stringValue else { throw Invalid(description: "\(name): \(at) has no \"\(key)\" string") }
            return s
        }
        guard let list = top["writes"]?.listValue else { throw Invalid(description: "\(name): no \"writes\" list") }
        var writes: [PlannedWrite] = []
        for (n, item) in list.enumerated() {
            let at = "write \(n + 1)"
            guard let r = item.recordValue else { throw Invalid(description: "\(name): \(at) is not an object") }
            guard let kind = PlannedWrite.Kind(rawValue: try string(r, "kind", at)) else {
                throw Invalid(description: "\(name): \(at) has an unknown kind \((try? JSONWriter.string(r["kind"] ?? .null)) ?? "?")")
            }
            var query: [(name: String, value: String)] = []
            for pair in r["query"]?.listValue ?? [] {
                guard let p = pair.listValue, p.count == 2, let k = p[0].stringValue, let v = p[1].stringValue else {
                    throw Invalid(description: "\(name): \(at) has a malformed query")
                }
                query.append((k, v))
            }
            let write = PlannedWrite(seq: n + 1, kind: kind, method: try string(r, "method", at),
                                     resource: try string(r, "resource", at), path: try string(r, "path", at),
                                     id: r["id"]?.stringValue, body: r["body"], query: query,
                                     before: r["before"]?.recordValue, idempotencyKey: try string(r, "idempotency_key", at))
            if (kind == .update || kind == .delete) && write.id == nil {
                throw Invalid(description: "\(name): \(at) (\(kind.rawValue)) names no record id")
            }
            if (kind == .update || kind == .create) && write.changes == nil {
                throw Invalid(description: "\(name): \(at) (\(kind.rawValue)) has no body object")
            }
            writes.append(write)
        }
        let created: Instant
        if case .date(let d)? = top["created_at"] { created = d } else { created = Instant(seconds: 0) }
        return Plan(id: try string(top, "id", "the plan"), created: created, source: top["source"]?.stringValue ?? "?",
                    target: try string(top, "target", "the plan"), writes: writes)
    }
}
