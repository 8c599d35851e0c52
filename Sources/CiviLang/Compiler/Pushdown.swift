import CiviCore
import Synchronization

/// Server-side filtering of `where` on a stream: each `.field == literal` (or bare `.field`, meaning
/// `== true`) among a predicate's `and` conjuncts also becomes a query filter when the resource
/// filters on that field by plain equality. The whole predicate is still checked client-side, so
/// results are identical with pushdown on or off; the server just sends fewer records.
package enum Pushdown {
    /// The `.field == literal` conjuncts of a predicate (other conjuncts stay client-side only).
    package static func equalities(_ e: Expr) -> [(field: String, value: Value)] {
        switch e.kind {
        case .and(let l, let r):
            return equalities(l) + equalities(r)
        case .binary(.eq, let l, let r):
            if let f = itField(l), case .literal(let v) = r.kind { return [(f, v)] }
            if let f = itField(r), case .literal(let v) = l.kind { return [(f, v)] }
            return []
        default:
            if let f = itField(e) { return [(f, .bool(true))] }
            return []
        }
    }

    static func itField(_ e: Expr) -> String? {
        if case .field(let base, let name) = e.kind, case .it = base.kind { return name }
        return nil
    }

    /// The stream with the equalities the resource can filter on exactly added as server filters,
    /// or nil when there are none (or the stream already has client-side stages).
    static func apply(_ equalities: [(field: String, value: Value)], to stream: QueryStream) -> QueryStream? {
        guard stream.steps.isEmpty else { return nil }
        var query = stream.query
        for (field, value) in equalities {
            guard let filter = query.resource.filter(named: field), isExactEquality(filter, value),
                  !query.filters.contains(where: { $0.name == field }),
                  let encoded = try? FilterEncoding.encode(filter, value, in: query.resource) else { continue }
            query.filters.append((field, encoded))
        }
        guard query.filters.count > stream.query.filters.count else { return nil }
        let added = query.filters.dropFirst(stream.query.filters.count).map { "\($0.name)=\($0.value)" }
        stream.runtime.pushdownNotes.withLock { notes in
            if notes.count < 20 { notes.append(contentsOf: added) }
        }
        return QueryStream(runtime: stream.runtime, host: stream.host, query: query, steps: [], displayName: stream.displayName)
    }

    /// Filters whose server meaning is exactly `record.field == value`.
    package static func isExactEquality(_ filter: FilterSpec, _ value: Value) -> Bool {
        switch (filter.type, value) {
        case (.bool, .bool): true
        case (.oneOf(let choices), .string(let s)): choices.contains(s)
        case (.id, .string): filter.name.hasSuffix("_id")
        default: false
        }
    }
}
