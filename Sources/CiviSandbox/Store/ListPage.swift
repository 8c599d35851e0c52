import GRDB

/// Runs a checked list query and writes `{"data": [...], "meta": {...}, "links": {...}}`.
enum ListPage {
    /// The page body. `path` (relative to the base URL) is what `links` point at.
    static func render(_ db: Database, query: ListQuery, table: RowTable, path: String, cache: ListCache) throws -> [UInt8] {
        let arguments = StatementArguments(query.arguments)
        let key = table.name + "|" + query.whereClause + "|" + query.orderBy + "|" + query.arguments.map { "\($0)" }.joined(separator: "\u{1F}")
        let ids = try cache.ids(for: key) {
            try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM \(table.name)\(query.whereClause) ORDER BY \(query.orderBy)"),
                                arguments: arguments)
        }
        let total = ids.count
        let totalPages = (total + query.perPage - 1) / query.perPage
        var out = JSONBytes(capacity: 1024 + query.perPage * 600)
        out.beginObject()
        out.key("data")
        out.beginArray()
        let (offset, overflow) = (query.page - 1).multipliedReportingOverflow(by: query.perPage)
        if !overflow && offset < total {
            let pageIDs = Array(ids[offset..<min(offset + query.perPage, total)])
            let marks = Array(repeating: "?", count: pageIDs.count).joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: "SELECT \(table.columns) FROM \(table.name) WHERE id IN (\(marks))",
                                        arguments: StatementArguments(pageIDs))
            var byID: [String: Row] = [:]
            for row in rows { if let id = row[0] as String? { byID[id] = row } }
            for id in pageIDs { if let row = byID[id] { table.write(row, &out) } }
        }
        out.endArray()
        out.key("meta")
        out.beginObject()
        out.field("page", Int64(query.page))
        out.field("per_page", Int64(query.perPage))
        out.field("total", Int64(total))
        out.field("total_pages", Int64(totalPages))
        out.endObject()
        out.key("links")
        out.beginObject()
        out.key("next")
        out.optionalString(query.page < totalPages ? link(path, query, page: query.page + 1) : nil)
        out.key("prev")
        // Past the end, `prev` leads back to the last page that exists.
        out.optionalString(query.page > 1 ? link(path, query, page: min(query.page - 1, max(totalPages, 1))) : nil)
        out.endObject()
        out.endObject()
        return out.bytes
    }

    private static func link(_ path: String, _ query: ListQuery, page: Int) -> String {
        var parts = query.echoed.map { QueryString.encode($0.0) + "=" + QueryString.encode($0.1) }
        parts.append("page=\(page)")
        parts.append("per_page=\(query.perPage)")
        return path + "?" + parts.joined(separator: "&")
    }
}

/// A table as the API shows it: the SELECT list and how one row becomes a JSON object.
struct RowTable: Sendable {
    let name: String
    let columns: String
    let write: @Sendable (Row, inout JSONBytes) -> Void

    static let campaigns = RowTable(
        name: "campaigns",
        columns: "id, name, title, description, type, status, goal, tags, targets, action_count, advocate_count, starts_at, ends_at, created_at, updated_at"
    ) { row, out in
        out.beginObject()
        out.field("id", row[0] as String? ?? "")
        out.field("name", row[1] as String? ?? "")
        out.field("title", row[2] as String?)
        out.field("description", row[3] as String?)
        out.field("type", row[4] as String? ?? "")
        out.field("status", row[5] as String? ?? "")
        out.key("goal"); out.optionalInt(row[6])
        out.key("tags"); out.raw(row[7], fallback: "[]")
        out.key("targets"); out.raw(row[8], fallback: "[]")
        out.key("action_count"); out.int(row[9] as Int64? ?? 0)
        out.key("advocate_count"); out.int(row[10] as Int64? ?? 0)
        out.key("starts_at"); out.optionalTimestamp(row[11])
        out.key("ends_at"); out.optionalTimestamp(row[12])
        out.key("created_at"); out.timestamp(row[13] as Int64? ?? 0)
        out.key("updated_at"); out.timestamp(row[14] as Int64? ?? 0)
        out.endObject()
    }

    static let actions = RowTable(
        name: "actions",
        columns: "id, campaign_id, advocate_id, type, status, subject, message, targets, source, created_at"
    ) { row, out in
        out.beginObject()
        out.field("id", row[0] as String? ?? "")
        out.field("campaign_id", row[1] as String? ?? "")
        out.field("advocate_id", row[2] as String? ?? "")
        out.field("type", row[3] as String? ?? "")
        out.field("status", row[4] as String? ?? "")
        out.field("subject", row[5] as String?)
        out.field("message", row[6] as String?)
        out.key("targets"); out.raw(row[7], fallback: "[]")
        out.field("source", row[8] as String? ?? "api")
        out.key("created_at"); out.timestamp(row[9] as Int64? ?? 0)
        out.endObject()
    }

    static let advocates = RowTable(
        name: "advocates",
        columns: """
            id, first_name, last_name, email, phone, address1, address2, city, state, zip, country, email_opt_in, \
            sms_opt_in, tags, custom_fields, created_at, updated_at, action_count, \
            (SELECT json_group_array(campaign_id) FROM (SELECT DISTINCT campaign_id FROM actions \
            WHERE actions.advocate_id = advocates.id))
            """
    ) { row, out in
        advocateFields(row).write(into: &out, derived: (row[18] as String? ?? "[]", row[17] as Int64? ?? 0))
    }

    /// The stored advocate columns of a row selected with `advocates.columns`.
    static func advocateFields(_ row: Row) -> AdvocateFields {
        AdvocateFields(
            id: row[0] as String? ?? "", firstName: row[1], lastName: row[2], email: row[3], phone: row[4],
            address1: row[5], address2: row[6], city: row[7], state: row[8], zip: row[9],
            country: row[10] as String? ?? "US", emailOptIn: row[11] as Bool? ?? false,
            smsOptIn: row[12] as Bool? ?? false, tags: row[13] as String? ?? "[]",
            customFields: row[14] as String? ?? "{}", createdAt: row[15] as Int64? ?? 0,
            updatedAt: row[16] as Int64? ?? 0)
    }

    /// One record by id as `{"data": {...}}`, or nil when there is none.
    func one(_ db: Database, id: String) throws -> [UInt8]? {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(columns) FROM \(name) WHERE id = ?"),
                                       arguments: [id])
        guard let row = try rows.next() else { return nil }
        var out = JSONBytes(capacity: 768)
        out.beginObject()
        out.key("data")
        write(row, &out)
        out.endObject()
        return out.bytes
    }
}
