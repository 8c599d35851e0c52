import CiviCore

/// The total order of civi values, as jq orders them and in agreement with SQLite's default sort.
///
/// null < false < true < numbers < dates < strings < lists < records < functions < streams.
/// Ints and floats compare by exact numeric value; dates compare chronologically; strings by
/// Unicode code point (their UTF-8 bytes, as SQLite's BINARY collation); lists element by
/// element; records by their sorted key lists first, then by values in sorted-key order.
public enum ValueOrder {
    /// -1 when `a` sorts before `b`, 0 when they are equal in the order, 1 when after.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.float(let x), .float(let y)): return compareFloats(x, y)
        case (.int(let x), .float(let y)): return compareIntFloat(x, y)
        case (.float(let x), .int(let y)): return -compareIntFloat(y, x)
        case (.date(let x), .date(let y)): return compareFloats(x.seconds, y.seconds)
        case (.string(let x), .string(let y)): return compareStrings(x, y)
        case (.list(let x), .list(let y)): return compareLists(x, y)
        case (.record(let x), .record(let y)): return compareRecords(x, y)
        case (.function(let x), .function(let y)):
            return x === y ? 0 : compareStrings(x.displayName, y.displayName)
        case (.stream(let x), .stream(let y)):
            return x === y ? 0 : compareStrings(x.displayName, y.displayName)
        default: return 0
        }
    }

    /// True when `a` sorts strictly before `b` (for `sort(by:)`).
    public static func precedes(_ a: Value, _ b: Value) -> Bool { compare(a, b) < 0 }

    private static func rank(_ v: Value) -> Int {
        switch v {
        case .null: 0
        case .bool: 1
        case .int, .float: 2
        case .date: 3
        case .string: 4
        case .list: 5
        case .record: 6
        case .function: 7
        case .stream: 8
        }
    }

    private static func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    /// NaN sorts before every other number and equal to itself, so the order stays total.
    private static func compareFloats(_ x: Double, _ y: Double) -> Int {
        switch (x.isNaN, y.isNaN) {
        case (true, true): return 0
        case (true, false): return -1
        case (false, true): return 1
        default: return sign(x, y)
        }
    }

    /// Exact comparison: converting a large int to Double would round and call unequal numbers equal.
    private static func compareIntFloat(_ x: Int, _ y: Double) -> Int {
        if y.isNaN { return 1 }
        if y >= 9_223_372_036_854_775_808.0 { return -1 }
        if y < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = y.rounded(.down)
        let w = Int(whole)
        if x != w { return x < w ? -1 : 1 }
        return y > whole ? -1 : 0
    }

    static func compareStrings(_ x: String, _ y: String) -> Int {
        var i = x.utf8.makeIterator()
        var j = y.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?): if p != q { return p < q ? -1 : 1 }
            }
        }
    }

    private static func compareLists(_ x: [Value], _ y: [Value]) -> Int {
        for (p, q) in zip(x, y) {
            let c = compare(p, q)
            if c != 0 { return c }
        }
        return sign(x.count, y.count)
    }

    private static func compareRecords(_ x: Record, _ y: Record) -> Int {
        let kx = x.keys.sorted { compareStrings($0, $1) < 0 }
        let ky = y.keys.sorted { compareStrings($0, $1) < 0 }
        let keyOrder = compareLists(kx.map(Value.string), ky.map(Value.string))
        if keyOrder != 0 { return keyOrder }
        for k in kx {
            let c = compare(x[k] ?? .null, y[k] ?? .null)
            if c != 0 { return c }
        }
        return 0
    }
}
