import CiviCore

/// The stored columns of one campaign that a request can change.
struct CampaignFields {
    var name = ""
    var title: String?
    var description: String?
    var type = ""
    var status = "draft"
    var goal: Int64?
    var tags = "[]"
    var targets = "[]"
    var startsAt: Int64?
    var endsAt: Int64?
}

/// `CampaignInput` of the contract: checks a body and applies it to a campaign's fields.
enum CampaignRules {
    static let types = ["email", "call", "petition", "social", "text"]
    static let statuses = ["draft", "active", "paused", "closed"]

    /// Applies `input` to `fields`; on create `name` and `type` are required.
    static func apply(_ input: inout InputObject, to fields: inout CampaignFields, creating: Bool) throws(ApiError) {
        switch input.string("name", maxLength: 200, nullable: false) {
        case .value(let s) where s.isEmpty: input.fail("name", "name must be 1 to 200 characters")
        case .value(let s): fields.name = s
        default: if creating && input.record["name"] == nil { input.fail("name", "name is required") }
        }
        if let type = input.choice("type", types) { fields.type = type } else if creating && input.record["type"] == nil {
            input.fail("type", "type is required (one of \(types.joined(separator: ", ")))")
        }
        if let status = input.choice("status", statuses) { fields.status = status }
        switch input.string("title", maxLength: 200) {
        case .value(let s): fields.title = s
        case .null: fields.title = nil
        case .absent: break
        }
        switch input.string("description", maxLength: 10_000) {
        case .value(let s): fields.description = s
        case .null: fields.description = nil
        case .absent: break
        }
        if let goal = input.record["goal"] {
            switch goal {
            case .null: fields.goal = nil
            case .int(let n) where n >= 0: fields.goal = Int64(n)
            // JSON Schema's integer is any number without a fractional part: 1.0 is 1.
            case .float(let d) where d >= 0 && d == d.rounded() && d < 9.0e15: fields.goal = Int64(d)
            default: input.fail("goal", "goal must be a whole number from 0 to \(Int64.max), or null")
            }
        }
        if let tags = input.stringList("tags") { fields.tags = tags }
        if let targets = input.record["targets"] {
            if let json = targetsJSON(targets, &input) { fields.targets = json }
        }
        switch input.timestamp("starts_at") {
        case .value(let ms): fields.startsAt = ms
        case .null: fields.startsAt = nil
        case .absent: break
        }
        switch input.timestamp("ends_at") {
        case .value(let ms): fields.endsAt = ms
        case .null: fields.endsAt = nil
        case .absent: break
        }
        if let s = fields.startsAt, let e = fields.endsAt, e < s {
            input.fail("ends_at", "ends_at must not be before starts_at")
        }
        try input.check()
    }

    /// Checks the `Target` shape (name and office required, level enum, state code) and encodes it.
    private static func targetsJSON(_ value: Value, _ input: inout InputObject) -> String? {
        guard case .list(let items) = value else {
            input.fail("targets", "targets must be an array of {name, office, level, state} objects")
            return nil
        }
        var out = JSONBytes()
        out.beginArray()
        for (n, item) in items.enumerated() {
            guard case .record(let t) = item else {
                input.fail("targets", "targets[\(n)] must be an object with name and office")
                return nil
            }
            if let extra = t.keys.first(where: { !["name", "office", "level", "state"].contains($0) }) {
                input.fail("targets", "targets[\(n)] has unknown field '\(extra)'; allowed: name, office, level, state")
                return nil
            }
            guard case .string(let name)? = t["name"], !name.isEmpty,
                  case .string(let office)? = t["office"], !office.isEmpty else {
                input.fail("targets", "targets[\(n)] needs a non-empty name and office")
                return nil
            }
            guard name.unicodeScalars.count <= 200, office.unicodeScalars.count <= 200 else {
                input.fail("targets", "targets[\(n)].name and .office must be at most 200 characters")
                return nil
            }
            out.beginObject()
            out.field("name", name)
            out.field("office", office)
            if let level = t["level"] {
                guard case .string(let l) = level, ["federal", "state", "local"].contains(l) else {
                    input.fail("targets", "targets[\(n)].level must be one of federal, state, local")
                    return nil
                }
                out.field("level", l)
            }
            if let state = t["state"] {
                // The contract's Target.state is a StateCode, not nullable: leave it out for none.
                guard case .string(let s) = state, SeedVocabulary.stateCodes.contains(s.uppercased()) else {
                    input.fail("targets", "targets[\(n)].state must be a two-letter US state code (leave it out for none)")
                    return nil
                }
                out.field("state", s.uppercased())
            }
            out.endObject()
        }
        out.endArray()
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
