import CiviCore

/// Checks named arguments of list functions against the resource table and encodes them as
/// query parameters, before any request is made.
package enum FilterEncoding {
    /// `function` names the call in messages (a sub-list lists `actions` as `campaign_actions()`).
    static func query(for spec: ResourceSpec, named: [(name: String, value: Value)], function: String? = nil) throws -> ListQuery {
        let function = function ?? spec.name
        var q = ListQuery(resource: spec)
        for (name, value) in named {
            if name == "sort" {
                q.sort = try sort(spec, value)
                continue
            }
            guard let filter = spec.filter(named: name) else {
                throw Fault(unknownFilter(name, of: spec, function: function))
            }
            q.filters.append((name, try encode(filter, value, in: spec)))
        }
        return q
    }

    /// The message for a filter `spec` does not take (run time, and `civi check` before it).
    package static func unknownFilter(_ name: String, of spec: ResourceSpec, function: String) -> String {
        let valid = spec.filters.map(\.name) + ["sort"]
        let guess = nearest(to: name, among: valid, within: 2).map { " (did you mean `\($0)`?)" } ?? ""
        return "\(function)() has no filter `\(name)`\(guess); valid filters: \(valid.joined(separator: ", "))"
    }

    /// The filters of the API list function `function` (`advocates`, `campaign_actions`), or nil
    /// when it is not one; from the contract's table (configuration changes paths, not filters).
    package static func listSpec(function: String) -> ResourceSpec? {
        let table = ResourceTable.civiClick
        if let spec = table.resources.first(where: { $0.name == function }) { return spec }
        guard let sub = table.subList(named: function) else { return nil }
        return table.listing(sub, parentID: "")
    }

    package static func sort(_ spec: ResourceSpec, _ value: Value) throws -> String {
        guard case .string(let s) = value else { throw Fault("sort: expects a field name string, got \(value.typeName)") }
        let field = s.hasPrefix("-") ? String(s.dropFirst()) : s
        guard spec.sortFields.contains(field) else {
            throw Fault("\(spec.name)() cannot be sorted by `\(field)`; sortable fields: \(spec.sortFields.joined(separator: ", "))",
                        hint: "prefix with - for descending, e.g. sort: \"-\(spec.sortFields.first ?? "id")\"")
        }
        return s
    }

    package static func encode(_ filter: FilterSpec, _ value: Value, in spec: ResourceSpec) throws -> String {
        let label = "\(spec.name)(\(filter.name):)"
        switch filter.type {
        case .string:
            switch value {
            case .string(let s): return s
            case .int(let i): return String(i)
            default: throw Fault("\(label) expects a string, got \(value.typeName)")
            }
        case .bool:
            guard case .bool(let b) = value else { throw Fault("\(label) expects true or false, got \(value.typeName)") }
            return b ? "true" : "false"
        case .dateTime:
            switch value {
            case .date(let d): return d.iso8601
            case .string(let s):
                guard let d = Instant(iso8601: s) else { throw Fault("\(label) expects an ISO-8601 date, got \"\(s)\"") }
                return d.iso8601
            default: throw Fault("\(label) expects a date, got \(value.typeName)")
            }
        case .oneOf(let choices):
            guard case .string(let s) = value, choices.contains(s) else {
                throw Fault("\(label) must be one of \(choices.joined(separator: ", ")), got \(ValueFormat.repr(value))")
            }
            return s
        case .id(let resource):
            return try id(of: value, expected: resource, label: label)
        }
    }

    /// An id from an id string or a record with an `id`.
    static func id(of value: Value, expected resource: String?, label: String) throws -> String {
        switch value {
        case .string(let s) where !s.isEmpty: return s
        case .record(let r):
            guard case .string(let s)? = r["id"] else { throw Fault("\(label) got a record without an id") }
            return s
        default:
            // "advocates" → "an advocate record or id".
            let noun = resource.map { $0.hasSuffix("s") ? String($0.dropLast()) : $0 }
            let article = noun.map { "aeiou".contains($0.prefix(1)) ? "an \($0)" : "a \($0)" } ?? "a"
            throw Fault("\(label) expects \(article) record or id, got \(value.typeName)")
        }
    }
}
