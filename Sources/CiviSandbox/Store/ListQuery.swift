import CiviCore
import GRDB

/// A checked list request: paging, order and filters turned into parameterised SQL.
struct ListQuery: Sendable {
    var page = 1
    var perPage = 25
    /// `ORDER BY` body; column names come only from the resource's sort fields, never from input text.
    var orderBy = "created_at DESC, id ASC"
    /// `WHERE` conditions joined by AND, each with `?` placeholders.
    var conditions: [String] = []
    var arguments: [DatabaseValue] = []
    /// The filters and sort as given, re-sent in `links`.
    var echoed: [(String, String)] = []

    /// Checks `pairs` against `spec`: unknown names, bad values and bad paging are 400s.
    /// `excluded` filters are not accepted (e.g. `campaign_id` under `/campaigns/{id}/actions`).
    init(_ pairs: [(String, String)], spec: ResourceSpec, excluded: Set<String> = []) throws(ApiError) {
        let filters = spec.filters.filter { !excluded.contains($0.name) }
        var seen: Set<String> = []
        for (name, value) in pairs {
            guard seen.insert(name).inserted else {
                throw .badRequest("query parameter '\(name)' is given more than once")
            }
            switch name {
            case "page": page = try Self.integer(name, value, min: 1, max: Int(Int32.max))
            case "per_page": perPage = try Self.integer(name, value, min: 1, max: 100)
            case "sort":
                orderBy = try Self.order(value, spec: spec)
                echoed.append((name, value))
            default:
                guard let filter = filters.first(where: { $0.name == name }) else {
                    let allowed = filters.map(\.name) + ["page", "per_page", "sort"]
                    throw .badRequest("unknown query parameter '\(name)'; allowed: \(allowed.joined(separator: ", "))")
                }
                try add(filter, value, resource: spec.name)
                echoed.append((name, value))
            }
        }
    }

    /// `WHERE …` (or nothing) for the conditions.
    var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

    /// Adds a fixed condition (such as the parent of a sub-resource).
    mutating func require(_ sql: String, _ argument: String) {
        conditions.append(sql)
        arguments.append(argument.databaseValue)
    }

    private static func integer(_ name: String, _ value: String, min: Int, max: Int) throws(ApiError) -> Int {
        guard let n = Int(value) else { throw .badRequest("query parameter '\(name)' must be an integer; got '\(value)'") }
        guard n >= min else { throw .badRequest("query parameter '\(name)' must be at least \(min); got \(n)") }
        guard n <= max else { throw .badRequest("query parameter '\(name)' must be at most \(max); got \(n)") }
        return n
    }

    private static func order(_ value: String, spec: ResourceSpec) throws(ApiError) -> String {
        let descending = value.hasPrefix("-")
        let field = descending ? String(value.dropFirst()) : value
        guard let column = spec.sortFields.first(where: { $0 == field }) else {
            throw .badRequest("cannot sort by '\(field)'; sortable fields: \(spec.sortFields.joined(separator: ", "))")
        }
        if column == "id" { return descending ? "id DESC" : "id ASC" }
        return "\(column) \(descending ? "DESC" : "ASC"), id ASC"
    }

    private mutating func add(_ filter: FilterSpec, _ value: String, resource: String) throws(ApiError) {
        let name = filter.name
        switch filter.type {
        case .oneOf(let allowed):
            guard allowed.contains(value) else {
                throw .badRequest("query parameter '\(name)' must be one of \(allowed.joined(separator: ", ")); got '\(value)'")
            }
            conditions.append("\(name) = ?")
            arguments.append(value.databaseValue)
        case .bool:
            guard value == "true" || value == "false" else {
                throw .badRequest("query parameter '\(name)' must be true or false; got '\(value)'")
            }
            conditions.append("\(name) = ?")
            arguments.append((value == "true" ? 1 : 0).databaseValue)
        case .dateTime:
            guard let instant = Instant(iso8601: value) else {
                throw .badRequest("query parameter '\(name)' must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z; got '\(value)'")
            }
            let ms = Int64((instant.seconds * 1000).rounded())
            switch name {
            case "updated_since": conditions.append("updated_at >= ?")
            case "created_before": conditions.append("created_at < ?")
            default: conditions.append("created_at >= ?")
            }
            arguments.append(ms.databaseValue)
        case .string, .id:
            try addText(name, value, resource: resource)
        }
    }

    private mutating func addText(_ name: String, _ value: String, resource: String) throws(ApiError) {
        switch name {
        case "q":
            let pattern = "%" + Self.escapeLike(value) + "%"
            let columns = resource == "campaigns" ? ["name", "title"] : ["first_name", "last_name", "email"]
            conditions.append("(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
            arguments.append(contentsOf: Array(repeating: pattern.databaseValue, count: columns.count))
        case "tag":
            conditions.append("EXISTS (SELECT 1 FROM json_each(\(resource).tags) WHERE json_each.value = ?)")
            arguments.append(value.databaseValue)
        case "email":
            conditions.append("email = ? COLLATE NOCASE")
            arguments.append(value.databaseValue)
        case "state":
            conditions.append("state = ?")
            arguments.append((value.uppercased()).databaseValue)
        case "zip":
            // A five-digit ZIP also matches its ZIP+4 forms.
            conditions.append("(zip = ? OR zip LIKE ? ESCAPE '\\')")
            arguments.append(value.databaseValue)
            arguments.append((Self.escapeLike(value) + "-%").databaseValue)
        case "campaign_id" where resource == "advocates":
            conditions.append("id IN (SELECT advocate_id FROM actions WHERE campaign_id = ?)")
            arguments.append(value.databaseValue)
        default:
            conditions.append("\(name) = ?")
            arguments.append(value.databaseValue)
        }
    }

    private static func escapeLike(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
