import GRDB

/// Generates the sandbox's deterministic data: into a database, or as a JSON file for benchmarks.
public enum SandboxSeeder {
    /// `count` seeded advocates as a JSON array (the records the sandbox would seed for `seed`,
    /// with their stored fields; the derived `campaign_ids`/`action_count` are left out). Dates are
    /// anchored at a fixed instant so the file is the same every day.
    public static func advocatesJSON(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeedGenerator(seed: seed, anchorMs: SeedGenerator.fixedAnchorMs)
        var out = JSONBytes(capacity: max(2, count) * 420)
        out.beginArray()
        for index in 0..<max(0, count) {
            generator.advocate(index).write(into: &out, derived: nil)
        }
        out.endArray()
        return out.bytes
    }

    /// Inserts campaigns, advocates and actions for `options` (inside the caller's transaction),
    /// then stores the derived counts computed while generating the actions. Timestamps fall in
    /// the two years before `anchorMs`.
    static func insert(into db: Database, options: SandboxOptions, anchorMs: Int64) throws {
        var generator = SeedGenerator(seed: options.seed, anchorMs: anchorMs)
        let campaigns = (0..<max(0, options.campaigns)).map { generator.campaign($0) }
        let insertCampaign = try db.makeStatement(sql: """
            INSERT INTO campaigns (id, name, title, description, type, status, goal, tags, targets,
                starts_at, ends_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for c in campaigns {
            try insertCampaign.execute(arguments: [c.id, c.name, c.title, c.description, c.type, c.status, c.goal,
                                                   c.tags, c.targets, c.startsAt, c.endsAt, c.createdAt, c.updatedAt])
        }

        let advocateCount = max(0, options.advocates)
        var advocateIDs: [String] = []
        var advocateCreated: [Int64] = []
        advocateIDs.reserveCapacity(advocateCount)
        advocateCreated.reserveCapacity(advocateCount)
        let insertAdvocate = try db.makeStatement(sql: """
            INSERT INTO advocates (id, first_name, last_name, email, phone, address1, address2, city, state, zip,
                country, email_opt_in, sms_opt_in, tags, custom_fields, created_at, updated_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for index in 0..<advocateCount {
            let a = generator.advocate(index)
            advocateIDs.append(a.id)
            advocateCreated.append(a.createdAt)
            try insertAdvocate.execute(arguments: [a.id, a.firstName, a.lastName, a.email, a.phone, a.address1,
                                                   a.address2, a.city, a.state, a.zip, a.country, a.emailOptIn,
                                                   a.smsOptIn, a.tags, a.customFields, a.createdAt, a.updatedAt])
        }

        // Draft campaigns have not opened yet, so they get no seeded actions.
        let open = campaigns.indices.filter { campaigns[$0].status != "draft" }
        guard !open.isEmpty, advocateCount > 0 else { return }
        var campaignActions = [Int64](repeating: 0, count: campaigns.count)
        var campaignAdvocates = [Set<Int>](repeating: [], count: campaigns.count)
        var advocateActions = [Int64](repeating: 0, count: advocateCount)
        let insertAction = try db.makeStatement(sql: """
            INSERT INTO actions (id, campaign_id, advocate_id, type, status, subject, message, targets, source, created_at)
                VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        for _ in 0..<max(0, options.actions) {
            let draw = generator.action(campaignSlots: open.count, advocates: advocateCount)
            let ci = open[draw.campaignSlot]
            let c = campaigns[ci]
            let earliest = max(c.createdAt, advocateCreated[draw.advocateIndex])
            let span = max(0, anchorMs - earliest) / 1000
            let created = earliest + Int64(Double(span) * draw.delayFraction) * 1000
            let subject: String? = c.type == "email" ? "Please support: \(c.title)" : nil
            let message = "\(c.title). I am counting on you to act on \(c.name)."
            try insertAction.execute(arguments: [draw.id, c.id, advocateIDs[draw.advocateIndex], c.type, draw.status,
                                                 subject, message, c.targets, draw.source, created])
            campaignActions[ci] += 1
            campaignAdvocates[ci].insert(draw.advocateIndex)
            advocateActions[draw.advocateIndex] += 1
        }
        let updateCampaign = try db.makeStatement(
            sql: "UPDATE campaigns SET action_count = ?, advocate_count = ? WHERE id = ?")
        for ci in campaigns.indices where campaignActions[ci] > 0 {
            try updateCampaign.execute(arguments: [campaignActions[ci], campaignAdvocates[ci].count, campaigns[ci].id])
        }
        // Advocates were inserted in order into an empty table, so advocate i has rowid i + 1.
        let updateAdvocate = try db.makeStatement(sql: "UPDATE advocates SET action_count = ? WHERE rid = ?")
        for index in 0..<advocateCount where advocateActions[index] > 0 {
            try updateAdvocate.execute(arguments: [advocateActions[index], index + 1])
        }
    }
}
