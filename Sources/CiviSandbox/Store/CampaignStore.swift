import CiviCore
import GRDB

/// Campaign writes: create and update (campaigns are never deleted).
enum CampaignStore {
    static let spec = ResourceTable.civiClick.spec(named: "campaigns")!

    /// Creates a campaign; `status` defaults to `draft`.
    static func create(_ db: Database, body: [UInt8]) throws -> [UInt8] {
        var input = try InputObject(body: body, spec: spec)
        var fields = CampaignFields()
        try CampaignRules.apply(&input, to: &fields, creating: true)
        let id = Identifiers.fresh("cmp_")
        let now = Millis.now()
        try db.cachedStatement(sql: """
            INSERT INTO campaigns (name, title, description, type, status, goal, tags, targets, starts_at, ends_at,
                updated_at, id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """).execute(arguments: arguments(fields, updatedAt: now) + [id, now])
        return try RowTable.campaigns.one(db, id: id) ?? []
    }

    /// Applies a PATCH body; only the fields sent change.
    static func update(_ db: Database, id: String, body: [UInt8]) throws -> [UInt8] {
        var input = try InputObject(body: body, spec: spec)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT name, title, description, type, status, goal, tags, targets, starts_at, ends_at, updated_at
                FROM campaigns WHERE id = ?
            """), arguments: [id]) else { throw ApiError.notFound("campaign '\(id)' not found") }
        var fields = CampaignFields(
            name: row[0], title: row[1], description: row[2], type: row[3], status: row[4], goal: row[5],
            tags: row[6], targets: row[7], startsAt: row[8], endsAt: row[9])
        try CampaignRules.apply(&input, to: &fields, creating: false)
        let updatedAt = max(Millis.now(), (row[10] as Int64? ?? 0) + 1)
        try db.cachedStatement(sql: """
            UPDATE campaigns SET name = ?, title = ?, description = ?, type = ?, status = ?, goal = ?, tags = ?,
                targets = ?, starts_at = ?, ends_at = ?, updated_at = ? WHERE id = ?
            """).execute(arguments: arguments(fields, updatedAt: updatedAt) + [id])
        return try RowTable.campaigns.one(db, id: id) ?? []
    }

    private static func arguments(_ f: CampaignFields, updatedAt: Int64) -> StatementArguments {
        [f.name, f.title, f.description, f.type, f.status, f.goal, f.tags, f.targets, f.startsAt, f.endsAt, updatedAt]
    }
}
