import CiviCore

/// Whether `read_json(path) | stages...` can read the file as a stream, and which fields it needs.
///
/// It can when the stages up to the first one that consumes the input (`count`, `group`, `sum`,
/// `sort`, `first`, `collect`...) are `where`/`map`/`select`/`take N`/`skip N`, and every stage
/// argument on the way is plain: built from `.field`s, literals, variables and operators — no
/// calls, lambdas or other stages — so it has no effects and cannot tell a stream from a list.
/// Then the stream's result equals the list's and, if anything fails, reading the file again as
/// a list gives exactly the list's error. The fields: every field of `it` read before the records
/// are replaced (`map`, `select`) or consumed; nil (all) when a stage keeps whole records or
/// reads `it` itself.
struct JSONStreamPlan {
    /// The index of the stage that consumes the stream.
    let consumer: Int
    /// The object keys the stages read, or nil when they need whole records.
    let fields: [String]?

    init?(_ stages: [Stage]) {
        var reads: [String] = []
        var whole = false
        var derived = false
        func use(_ e: Expr?) -> Bool {
            guard let e else { return true }
            guard let r = FieldReads(top: e) else { return false }
            if !derived {
                whole = whole || r.whole
                reads += r.names
            }
            return true
        }
        func keepsRecords() { if !derived { whole = true } }
        for (k, stage) in stages.enumerated() {
            switch stage.kind {
            case .filter(let e):
                guard use(e) else { return nil }
            case .map(let e):
                guard use(e) else { return nil }
                derived = true
            case .select(let names, _, _):
                if !derived { reads += names }
                derived = true
            case .take(let e), .skip(let e):
                guard case .literal(.int(let n)) = e.kind, n >= 0 else { return nil }
            case .count:
                self.init(consumer: k, fields: whole ? nil : reads)
                return
            case .first, .last, .collect:
                keepsRecords()
                self.init(consumer: k, fields: whole ? nil : reads)
                return
            case .sort(let e, _), .unique(let e):
                guard use(e) else { return nil }
                keepsRecords()
                self.init(consumer: k, fields: whole ? nil : reads)
                return
            case .sum(let e), .avg(let e), .min(let e), .max(let e):
                guard use(e) else { return nil }
                if e == nil { keepsRecords() }
                self.init(consumer: k, fields: whole ? nil : reads)
                return
            case .group(let e):
                guard use(e) else { return nil }
                if k + 1 >= stages.count || !Self.ignoresItems(stages[k + 1]) { keepsRecords() }
                self.init(consumer: k, fields: whole ? nil : reads)
                return
            default:
                return nil
            }
        }
        return nil
    }

    private init(consumer: Int, fields: [String]?) {
        self.consumer = consumer
        self.fields = fields
    }

    /// Whether the stage after `group` reads only each group's `key` and `count`, never its
    /// records (`group .state | map {state: .key, n: .count}`), so they may be partial.
    private static func ignoresItems(_ next: Stage) -> Bool {
        switch next.kind {
        case .count: return true
        case .map(let e):
            guard let r = FieldReads(top: e), !r.whole else { return false }
            return r.names.allSatisfy { $0 == "key" || $0 == "count" }
        default: return false
        }
    }
}

/// The fields of `it` a plain stage argument reads; nil when the argument is not plain.
struct FieldReads {
    /// The names read as `.name` of the element.
    var names: [String] = []
    /// The element is used as a whole (`it`, `it[k]`).
    var whole = false

    /// The reads of a stage argument. Its value must not be a function (a stage applies a
    /// function result to the element), so at the top a bare variable is not plain.
    init?(top e: Expr) {
        switch e.kind {
        case .name, .index, .coalesce: return nil
        case .field where !Self.rootedAtIt(e): return nil
        default: break
        }
        guard add(e) else { return nil }
    }

    /// `.a.b...`: a path into the element (JSON data, never a function).
    private static func rootedAtIt(_ e: Expr) -> Bool {
        switch e.kind {
        case .it: true
        case .field(let base, _): rootedAtIt(base)
        default: false
        }
    }

    private mutating func add(_ e: Expr) -> Bool {
        switch e.kind {
        case .literal, .name: return true
        case .it:
            whole = true
            return true
        case .field(let base, let name):
            if case .it = base.kind {
                names.append(name)
                return true
            }
            return add(base)
        case .index(let base, let key): return add(base) && add(key)
        case .negate(let x), .not(let x): return add(x)
        case .binary(_, let l, let r), .and(let l, let r), .or(let l, let r), .coalesce(let l, let r):
            return add(l) && add(r)
        case .list(let items):
            for x in items where !add(x) { return false }
            return true
        case .record(let fields):
            for f in fields where !add(f.value) { return false }
            return true
        case .interpolated(let parts):
            for case .expr(let x) in parts where !add(x) { return false }
            return true
        default: return false
        }
    }
}
