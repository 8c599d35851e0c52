import CiviCore

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

    /// The query with the equalities the resource can filter on exactly added as server filters
    /// (and those filters as `name=value`, for `:time`), or nil when none can be added.
    static func narrow(_ base: ListQuery, by equalities: [(field: String, value: Value)]) -> (query: ListQuery, added: [String])? {
        var query = base
        for (field, value) in equalities {
            guard let filter = query.resource.filter(named: field), isExactEquality(filter, value),
                  !query.filters.contains(where: { $0.name == field }),
                  let encoded = try? FilterEncoding.encode(filter, value, in: query.resource) else { continue }
            query.filters.append((field, encoded))
        }
        guard query.filters.count > base.filters.count else { return nil }
        return (query, query.filters.dropFirst(base.filters.count).map { "\($0.name)=\($0.value)" })
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
