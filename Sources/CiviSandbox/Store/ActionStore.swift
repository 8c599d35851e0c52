import CiviCore
import GRDB

/// Action writes: recording a submission and keeping the derived counts in step.
enum ActionStore {
    static let spec = ResourceTable.civiClick.spec(named: "actions")!
    static let sources = ["web", "sms", "api", "import"]

    /// Records an action. Unknown campaign or advocate → 404; a draft or closed campaign → 422.
    static func create(_ db: Database, body: [UInt8]) throws -> [UInt8] {
        var input = try InputObject(body: body, spec: spec)
        let campaignID = requiredID(&input, "campaign_id")
        let advocateID = requiredID(&input, "advocate_id")
        let type = input.choice("type", CampaignRules.types)
        let subject = input.string("subject", maxLength: 200)
        let message = input.string("message", maxLength: 10_000)
        let source = input.choice("source", sources) ?? "api"
        try input.check()
        guard let campaignID, let advocateID else { return [] }

        guard let campaign = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT type, status, targets FROM campaigns WHERE id = ?"), arguments: [campaignID])
        else { throw ApiError.notFound("campaign '\(campaignID)' not found") }
        let advocateExists = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM advocates WHERE id = ?"), arguments: [advocateID]) ?? false
        guard advocateExists else { throw ApiError.notFound("advocate '\(advocateID)' not found") }
        let status: String = campaign[1]
        if status == "closed" || status == "draft" {
            throw ApiError.unprocessable(field: "campaign_id",
                                         "campaign '\(campaignID)' is \(status) and takes no new actions")
        }

        let firstOnCampaign = try Bool.fetchOne(db.cachedStatement(
            sql: "SELECT 1 FROM actions WHERE campaign_id = ? AND advocate_id = ? LIMIT 1"),
            arguments: [campaignID, advocateID]) == nil
        let id = Identifiers.fresh("act_")
        try db.cachedStatement(sql: """
            INSERT INTO actions (id, campaign_id, advocate_id, type, status, subject, message, targets, source, created_at)
                VALUES (?,?,?,?,?,?,?,?,?,?)
            """).execute(arguments: [id, campaignID, advocateID, type ?? campaign[0] as String, "delivered",
                                     value(subject), value(message), campaign[2] as String, source, Millis.now()])
        try db.cachedStatement(sql: """
            UPDATE campaigns SET action_count = action_count + 1, advocate_count = advocate_count + ? WHERE id = ?
            """).execute(arguments: [firstOnCampaign ? 1 : 0, campaignID])
        try db.cachedStatement(sql: "UPDATE advocates SET action_count = action_count + 1 WHERE id = ?")
            .execute(arguments: [advocateID])
        return try RowTable.actions.one(db, id: id) ?? []
    }

    /// An id as sent: ids are opaque, so they are neither trimmed nor length-checked here — an
    /// id that names nothing is a 404 from the lookup, as the contract says.
    private static func requiredID(_ input: inout InputObject, _ key: String) -> String? {
        switch input.record[key] {
        case .string(let s)? where !s.isEmpty: return s
        case .string?: input.fail(key, "\(key) must not be empty")
        case nil: input.fail(key, "\(key) is required")
        case let other?: input.fail(key, "'\(key)' must be a string, not \(other.typeName)")
        }
        return nil
    }

    private static func value(_ field: InputField<String>) -> String? {
        if case .value(let s) = field { return s }
        return nil
    }
}
