import CiviCore

/// Deterministic records for a seed and an anchor time: the same pair gives the same data on any
/// machine. Seeded timestamps fall in the two years before the anchor, so "recent" means recent
/// relative to when the sandbox was made.
struct SeedGenerator {
    /// The anchor of data made outside a sandbox (the benchmark's JSON file): 2026-01-01T00:00:00Z.
    static let fixedAnchorMs: Int64 = 1_767_225_600_000
    static let twoYearsMs: Int64 = 730 * 86_400_000
    static let dayMs: Int64 = 86_400_000

    /// The newest seeded timestamp, in milliseconds since the epoch.
    let anchorMs: Int64
    private var campaignRNG: SplitMix64
    private var advocateRNG: SplitMix64
    private var actionRNG: SplitMix64
    private let cumulativeWeights: [Int]

    /// A generator for `seed`; each record kind has its own stream so counts do not shift each other.
    init(seed: UInt64, anchorMs: Int64) {
        self.anchorMs = anchorMs
        campaignRNG = SplitMix64(seed: SplitMix64.mix(seed ^ 0xC0FF_EE00_CA3B_A165))
        advocateRNG = SplitMix64(seed: SplitMix64.mix(seed ^ 0xAD70_CA7E_0000_0001))
        actionRNG = SplitMix64(seed: SplitMix64.mix(seed ^ 0xAC71_0115_0000_0002))
        var total = 0
        cumulativeWeights = SeedVocabulary.places.map { total += $0.weight; return total }
    }

    /// A seeded campaign (its derived counts are filled in later from the actions).
    struct Campaign {
        var id, name, title, description, type, status: String
        var goal: Int64?
        var tags, targets: String
        var startsAt, endsAt: Int64?
        var createdAt, updatedAt: Int64
    }

    /// The `index`-th campaign.
    mutating func campaign(_ index: Int) -> Campaign {
        var r = campaignRNG
        defer { campaignRNG = r }
        let topic = SeedVocabulary.topics[index % SeedVocabulary.topics.count]
        let place = self.place(&r)
        let round = index / SeedVocabulary.topics.count
        let rounds = ["", " Now", " Action Week", " Coalition", " Day of Action"]
        let label = round < rounds.count ? rounds[round] : " \(round + 1)"
        let name = "\(topic.0)\(label) (\(place.state))"
        let type = weighted(&r, [("email", 40), ("call", 20), ("petition", 20), ("social", 10), ("text", 10)])
        let status = index == 0 ? "active" : weighted(&r, [("active", 55), ("paused", 10), ("closed", 20), ("draft", 15)])
        let goal: Int64? = r.chance(0.1) ? nil : Int64(5 + r.below(500)) * 100
        let tags = jsonArray(distinct(&r, SeedVocabulary.campaignTags, count: 1 + r.below(3)))
        var targets = JSONBytes()
        targets.beginArray()
        for _ in 0..<(1 + r.below(3)) {
            let office = r.pick(SeedVocabulary.offices)
            targets.beginObject()
            targets.field("name", "\(office.title) \(r.pick(SeedVocabulary.firstNames)) \(r.pick(SeedVocabulary.lastNames))")
            targets.field("office", office.office)
            targets.field("level", office.level)
            targets.field("state", place.state)
            targets.endObject()
        }
        targets.endArray()
        let created = anchorMs - Self.twoYearsMs + Int64(r.below(Int(Self.twoYearsMs / 1000))) * 1000
        let updated = min(anchorMs, created + Int64(r.below(30 * 86_400)) * 1000)
        let starts = created + Int64(r.below(14)) * Self.dayMs
        let ends: Int64? = r.chance(0.4) ? nil : starts + Int64(30 + r.below(150)) * Self.dayMs
        return Campaign(
            id: Identifiers.make("cmp_", using: &r), name: name, title: topic.1,
            description: "\(topic.1). Tell your representatives in \(place.state) where you stand.",
            type: type, status: status, goal: goal, tags: tags,
            targets: String(decoding: targets.bytes, as: UTF8.self),
            startsAt: starts, endsAt: ends, createdAt: created, updatedAt: updated)
    }

    /// The `index`-th advocate (emails carry the index, so they never collide).
    mutating func advocate(_ index: Int) -> AdvocateFields {
        var r = advocateRNG
        defer { advocateRNG = r }
        let first = r.pick(SeedVocabulary.firstNames)
        let last = r.pick(SeedVocabulary.lastNames)
        let place = self.place(&r)
        var hasEmail = r.chance(0.92)
        let hasPhone = r.chance(0.7)
        if !hasEmail && !hasPhone { hasEmail = true }
        let email = hasEmail ? "\(first.lowercased()).\(last.lowercased())\(index + 1)@\(r.pick(SeedVocabulary.emailDomains))" : nil
        let phone = hasPhone ? "+1\(r.pick(place.areaCodes))\(200 + r.below(800))\(pad(r.below(10_000), 4))" : nil
        var zip = pad(r.pick(place.zipPrefixes), 3) + pad(r.below(100), 2)
        if r.chance(0.2) { zip += "-" + pad(r.below(10_000), 4) }
        var custom = JSONBytes(capacity: 64)
        custom.beginObject()
        custom.field("source", r.pick(["web", "event", "import", "referral"]))
        custom.field("score", Int64(r.below(101)))
        if r.chance(0.3) { custom.field("shirt", r.pick(["S", "M", "L", "XL"])) }
        custom.endObject()
        let created = anchorMs - Self.twoYearsMs + Int64(r.below(Int(Self.twoYearsMs / 1000))) * 1000
        let updated = r.chance(0.5) ? created : min(anchorMs, created + Int64(r.below(90 * 86_400)) * 1000)
        return AdvocateFields(
            id: Identifiers.make("adv_", using: &r), firstName: first, lastName: last, email: email, phone: phone,
            address1: "\(1 + r.below(9999)) \(r.pick(SeedVocabulary.streets))",
            address2: r.chance(0.1) ? "Apt \(1 + r.below(40))" : nil,
            city: r.pick(place.cities), state: place.state, zip: zip, country: "US",
            emailOptIn: hasEmail && r.chance(0.7), smsOptIn: hasPhone && r.chance(0.4),
            tags: jsonArray(distinct(&r, SeedVocabulary.advocateTags, count: r.below(4))),
            customFields: String(decoding: custom.bytes, as: UTF8.self),
            createdAt: created, updatedAt: updated)
    }

    /// A seeded action's own choices; the seeder fills in ids, type and targets from its campaign.
    struct ActionDraw {
        var campaignSlot: Int
        var advocateIndex: Int
        var status, source: String
        var delayFraction: Double
        var id: String
    }

    /// The next action: a campaign slot (skewed so some campaigns are busier) and an advocate.
    mutating func action(campaignSlots: Int, advocates: Int) -> ActionDraw {
        var r = actionRNG
        defer { actionRNG = r }
        let u = r.unit()
        return ActionDraw(
            campaignSlot: min(campaignSlots - 1, Int(Double(campaignSlots) * u * u)),
            advocateIndex: r.below(advocates),
            status: weighted(&r, [("delivered", 90), ("pending", 7), ("failed", 3)]),
            source: weighted(&r, [("web", 60), ("sms", 10), ("api", 10), ("import", 20)]),
            delayFraction: r.unit(),
            id: Identifiers.make("act_", using: &r))
    }

    private func place(_ r: inout SplitMix64) -> SeedVocabulary.Place {
        let x = r.below(cumulativeWeights.last ?? 1)
        let i = cumulativeWeights.firstIndex { x < $0 } ?? 0
        return SeedVocabulary.places[i]
    }

    private func weighted(_ r: inout SplitMix64, _ choices: [(String, Int)]) -> String {
        var x = r.below(choices.reduce(0) { $0 + $1.1 })
        for (value, weight) in choices {
            if x < weight { return value }
            x -= weight
        }
        return choices[0].0
    }

    private func distinct(_ r: inout SplitMix64, _ items: [String], count: Int) -> [String] {
        var chosen: [String] = []
        while chosen.count < min(count, items.count) {
            let item = r.pick(items)
            if !chosen.contains(item) { chosen.append(item) }
        }
        return chosen
    }

    private func jsonArray(_ items: [String]) -> String {
        var out = JSONBytes(capacity: 64)
        out.beginArray()
        for item in items { out.string(item) }
        out.endArray()
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
