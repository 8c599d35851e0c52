/// How deeply lists and records nest inside a value. Freeing, printing, comparing, hashing, sorting
/// and writing a value all recurse once per level, so the language keeps every value within
/// `Value.maxNesting` levels: each place that puts values inside a new list or record checks them.
extension Value {
    /// The most levels of lists and records a value may have; the JSON reader's default limit
    /// too, so whatever civi writes as JSON it can read back.
    public static let maxNesting = 512

    /// Levels of lists and records: 0 for a scalar, 1 for `[1]` or `{}`, 2 for `[[1]]`. Counting stops
    /// past `limit`: a deeper value gives `limit + 1`. O(1) for a scalar; otherwise it visits the
    /// containers inside once each, even where one is shared many times (`x = [x, x]`).
    public func nestingDepth(limit: Int = Value.maxNesting) -> Int {
        switch self {
        case .list, .record:
            var scan = NestingScan(limit: limit)
            return scan.depth(self, level: 0)
        default:
            return 0
        }
    }
}

/// One depth count over a value, remembering the depth of containers already counted.
private struct NestingScan {
    let limit: Int
    /// Containers counted so far; past a few, shared ones are remembered so a DAG costs its size.
    var counted = 0
    var known: [UnsafeRawPointer: Int] = [:]

    init(limit: Int) { self.limit = limit }

    /// The depth of `v`, which sits under `level` containers; once `level + depth` passes `limit`
    /// the count stops early (the total is then `limit + 1`, whatever was remembered on the way).
    mutating func depth(_ v: Value, level: Int) -> Int {
        let items: [Value]
        switch v {
        case .list(let xs): items = xs
        case .record(let r): items = r.values
        default: return 0
        }
        if level >= limit { return 1 }
        let key = counted > 64 ? items.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } } : nil
        if let key, let d = known[key] { return d }
        counted += 1
        var best = 1
        for item in items {
            switch item {
            case .list, .record:
                let d = 1 + depth(item, level: level + 1)
                if d > best {
                    best = d
                    if level + best > limit { return best }
                }
            default:
                continue
            }
        }
        if let key, best > 1 { known[key] = best }
        return best
    }
}
