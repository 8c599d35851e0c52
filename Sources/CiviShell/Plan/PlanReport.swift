import CiviCore
import CiviLang

/// What a plan would do, for people: a one-line summary and a field-level diff of its writes.
enum PlanReport {
    /// `would create 3 advocates, update 812 advocates (tags: 812), delete 0`.
    static func summary(_ writes: [PlannedWrite], resources: ResourceTable) -> String {
        func noun(_ resource: String, _ n: Int) -> String {
            "\(n) " + (n == 1 ? resources.spec(named: resource)?.singular ?? resource : resource)
        }
        func part(_ verb: String, _ kind: PlannedWrite.Kind) -> String {
            var order: [String] = []
            var counts: [String: Int] = [:]
            var fields: [String: [(String, Int)]] = [:]
            for w in writes where w.kind == kind {
                if counts[w.resource] == nil { order.append(w.resource) }
                counts[w.resource, default: 0] += 1
                guard kind == .update, let changes = w.changes else { continue }
                for key in changes.keys {
                    if let i = fields[w.resource]?.firstIndex(where: { $0.0 == key }) {
                        fields[w.resource]![i].1 += 1
                    } else {
                        fields[w.resource, default: []].append((key, 1))
                    }
                }
            }
            if order.isEmpty { return "\(verb) 0" }
            return verb + " " + order.map { r in
                let touched = fields[r].map { " (" + $0.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")" } ?? ""
                return noun(r, counts[r]!) + touched
            }.joined(separator: " and ")
        }
        var parts = [part("create", .create), part("update", .update), part("delete", .delete)]
        let raw = writes.filter { $0.kind == .raw }
        if !raw.isEmpty {
            var tally = WriteTally()
            for w in raw { tally.add(method: w.method, resource: w.resource) }
            parts.append("send \(raw.count) raw request\(raw.count == 1 ? "" : "s") ("
                         + tally.groups.map { "\($0.count) \($0.method) \($0.resource)" }.joined(separator: ", ") + ")")
        }
        return "would " + parts.joined(separator: ", ")
    }

    /// The writes field by field (`tags: ["a"] → ["a", "b"]`); at most `limit` of them, then a line
    /// saying how many more there are and `moreHint` (how to see them all).
    static func diff(_ writes: [PlannedWrite], resources: ResourceTable, limit: Int?, moreHint: String) -> String {
        var out = ""
        let shown = limit.map { Array(writes.prefix($0)) } ?? writes
        for w in shown {
            let noun = resources.spec(named: w.resource)?.singular ?? w.resource
            switch w.kind {
            case .create:
                out += "+ create \(noun) \(w.id ?? "")\n"
                for (k, v) in w.changes?.pairs ?? [] { out += "    \(k): \(ValueFormat.repr(v))\n" }
            case .update:
                out += "~ update \(noun) \(w.id ?? "")\n"
                for (k, v) in w.changes?.pairs ?? [] {
                    out += "    \(k): \(ValueFormat.repr(w.before?[k] ?? .null)) → \(ValueFormat.repr(v))\n"
                }
            case .delete:
                out += "- delete \(noun) \(w.id ?? "")"
                let known = ["name", "title", "first_name", "last_name", "email"].compactMap { k in
                    w.before?[k].map { "\(k): \(ValueFormat.repr($0))" }
                }
                out += known.isEmpty ? "\n" : " (" + known.joined(separator: ", ") + ")\n"
            case .raw:
                out += "! \(w.method) \(w.path)"
                if let body = w.body, let json = try? JSONWriter.string(body) { out += " " + json }
                out += "\n"
            }
        }
        if shown.count < writes.count {
            let more = writes.count - shown.count
            out += "… \(more) more write\(more == 1 ? "" : "s") (\(moreHint))\n"
        }
        return out
    }
}
