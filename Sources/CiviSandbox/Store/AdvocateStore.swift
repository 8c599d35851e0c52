import CiviCore
import GRDB

/// Advocate writes: create, update and delete, with the email uniqueness the contract asks for.
enum AdvocateStore {
    static let spec = ResourceTable.civiClick.spec(named: "advocates")!

    /// Creates an advocate from a request body; returns the `{"data": …}` body.
    static func create(_ db: Database, body: [UInt8]) throws -> [UInt8] {
        var input = try InputObject(body: body, spec: spec)
        let now = Millis.now()
        var fields = AdvocateFields(
            id: Identifiers.fresh("adv_"), country: "US", emailOptIn: false, smsOptIn: false,
            tags: "[]", customFields: "{}", createdAt: now, updatedAt: now)
        try AdvocateRules.apply(&input, to: &fields, creating: true)
        try checkUniqueEmail(db, fields.email, except: nil)
        try db.cachedStatement(sql: """
            INSERT INTO advocates (id, first_name, last_name, email, phone, address1, address2, city, state, zip,
                country, email_opt_in, sms_opt_in, tags, custom_fields, created_at, updated_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """).execute(arguments: arguments(fields) + [fields.createdAt, fields.updatedAt])
        return try RowTable.advocates.one(db, id: fields.id) ?? []
    }

    /// Applies a PATCH body; only the fields sent change.
    static func update(_ db: Database, id: String, body: [UInt8]) throws -> [UInt8] {
        var input = try InputObject(body: body, spec: spec)
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT \(RowTable.advocates.columns) FROM advocates WHERE id = ?"), arguments: [id])
        guard let row = try rows.next() else { throw ApiError.notFound("advocate '\(id)' not found") }
        var fields = RowTable.advocateFields(row)
        let previousUpdate = fields.updatedAt
        try AdvocateRules.apply(&input, to: &fields, creating: false)
        try checkUniqueEmail(db, fields.email, except: id)
        // Strictly later than before, even for two updates within one millisecond.
        fields.updatedAt = max(Millis.now(), previousUpdate + 1)
        try db.cachedStatement(sql: """
            UPDATE advocates SET id = ?, first_name = ?, last_name = ?, email = ?, phone = ?, address1 = ?,
                address2 = ?, city = ?, state = ?, zip = ?, country = ?, email_opt_in = ?, sms_opt_in = ?, tags = ?,
                custom_fields = ?, updated_at = ? WHERE id = ?
            """).execute(arguments: arguments(fields) + [fields.updatedAt, id])
        return try RowTable.advocates.one(db, id: id) ?? []
    }

    /// Deletes an advocate. Their actions stay (with `advocate_id` kept), so `action_count` stays,
    /// but `advocate_count` counts existing advocates only: each campaign they acted on loses one.
    static func delete(_ db: Database, id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM advocates WHERE id = ?").execute(arguments: [id])
        if db.changesCount == 0 { throw ApiError.notFound("advocate '\(id)' not found") }
        try db.cachedStatement(sql: """
            UPDATE campaigns SET advocate_count = advocate_count - 1
                WHERE id IN (SELECT DISTINCT campaign_id FROM actions WHERE advocate_id = ?)
            """).execute(arguments: [id])
    }

    private static func checkUniqueEmail(_ db: Database, _ email: String?, except id: String?) throws {
        guard let email else { return }
        let existing = try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM advocates WHERE email = ? COLLATE NOCASE AND id IS NOT ? LIMIT 1"),
            arguments: [email, id])
        if let existing {
            throw ApiError(status: 409, code: "conflict", message: "an advocate with email '\(email)' already exists",
                           fields: [("id", existing), ("email", "already used by \(existing)")])
        }
    }

    private static func arguments(_ f: AdvocateFields) -> StatementArguments {
        [f.id, f.firstName, f.lastName, f.email, f.phone, f.address1, f.address2, f.city, f.state, f.zip, f.country,
         f.emailOptIn, f.smsOptIn, f.tags, f.customFields]
    }
}
