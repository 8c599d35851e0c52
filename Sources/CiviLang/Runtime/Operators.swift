import CiviCore

/// The meaning of the binary operators; no implicit conversions, overflow is an error.
enum Operators {
    static func apply(_ op: BinaryOp, _ a: Value, _ b: Value, regexes: RegexCache) throws -> Value {
        switch op {
        case .add: return try add(a, b)
        case .sub: return try subtract(a, b)
        case .mul: return try multiply(a, b)
        case .div: return try divide(a, b)
        case .rem: return try remainder(a, b)
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        case .lt: return .bool(try compare(a, b, op) < 0)
        case .le: return .bool(try compare(a, b, op) <= 0)
        case .gt: return .bool(try compare(a, b, op) > 0)
        case .ge: return .bool(try compare(a, b, op) >= 0)
        case .in: return .bool(try contains(b, a))
        case .match:
            guard case .string(let s) = a, case .string(let p) = b else {
                throw Fault("`=~` needs a string on the left and a pattern string on the right, got \(a.typeName) and \(b.typeName)")
            }
            let r = try regexes.regex(p)
            return .bool(s.contains(r))
        }
    }

    static func typeFault(_ op: String, _ a: Value, _ b: Value, hint: String? = nil) -> Fault {
        Fault("cannot apply `\(op)` to \(a.typeName) and \(b.typeName)", hint: hint)
    }

    static func overflow(_ op: String) -> Fault { Fault("integer overflow in `\(op)`", hint: "use floats (e.g. 1.0 * x) for very large numbers") }

    @inline(__always)
    static func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow("+") }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x + y)
        case (.int(let x), .float(let y)): return .float(Double(x) + y)
        case (.float(let x), .int(let y)): return .float(x + Double(y))
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.record(let x), .record(let y)): return .record(x.merging(y))
        case (.date(let d), .int), (.date(let d), .float): return try shifted(d, by: b.doubleValue ?? 0, "+")
        case (.int, .date(let d)), (.float, .date(let d)): return try shifted(d, by: a.doubleValue ?? 0, "+")
        case (.string, _), (_, .string):
            throw typeFault("+", a, b, hint: "convert with str(x) or use interpolation: \"${x}\"")
        default: throw typeFault("+", a, b)
        }
    }

    @inline(__always)
    static func subtract(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow("-") }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x - y)
        case (.int(let x), .float(let y)): return .float(Double(x) - y)
        case (.float(let x), .int(let y)): return .float(x - Double(y))
        case (.date(let x), .date(let y)): return .float(x.seconds - y.seconds)
        case (.date(let d), .int), (.date(let d), .float): return try shifted(d, by: -(b.doubleValue ?? 0), "-")
        default: throw typeFault("-", a, b)
        }
    }

    /// `date ± seconds`, which must stay a supported date.
    static func shifted(_ d: Instant, by seconds: Double, _ op: String) throws -> Value {
        guard let r = Instant.checked(d.seconds + seconds) else {
            throw Fault("`\(op)` gives a date outside \(Instant.supportedYears)",
                        hint: "the right side is seconds: \(ValueFormat.float(seconds < 0 ? -seconds : seconds)) is too far")
        }
        return .date(r)
    }

    static func multiply(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow("*") }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x * y)
        case (.int(let x), .float(let y)): return .float(Double(x) * y)
        case (.float(let x), .int(let y)): return .float(x * Double(y))
        default: throw typeFault("*", a, b)
        }
    }

    static func divide(_ a: Value, _ b: Value) throws -> Value {
        guard let x = a.doubleValue, let y = b.doubleValue else { throw typeFault("/", a, b) }
        if y == 0 { throw Fault("division by zero") }
        return .float(x / y)
    }

    static func remainder(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw Fault("remainder by zero") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            if o { throw overflow("%") }
            return .int(r)
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { throw typeFault("%", a, b) }
            if y == 0 { throw Fault("remainder by zero") }
            return .float(x.truncatingRemainder(dividingBy: y))
        }
    }

    static func negate(_ a: Value) throws -> Value {
        switch a {
        case .int(let x):
            let (r, o) = Int(0).subtractingReportingOverflow(x)
            if o { throw overflow("-") }
            return .int(r)
        case .float(let x): return .float(-x)
        default: throw Fault("cannot negate \(a.typeName)")
        }
    }

    /// Ordering for `< <= > >=`: numbers, strings and dates directly, anything else in jq's order.
    @inline(__always)
    static func compare(_ a: Value, _ b: Value, _ op: BinaryOp) throws -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.float(let x), .float(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.string(let x), .string(let y)):
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : x == y ? 0 : 1
        case (.date(let x), .date(let y)): return x < y ? -1 : x == y ? 0 : 1
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : x == y ? 0 : 1 }
            return ValueOrder.compare(a, b)
        }
    }

    /// `needle in haystack`: list membership, record key, substring.
    static func contains(_ haystack: Value, _ needle: Value) throws -> Bool {
        switch haystack {
        case .list(let xs): return xs.contains(needle)
        case .record(let r):
            guard case .string(let k) = needle else { throw Fault("`in` a record needs a string key, got \(needle.typeName)") }
            return r[k] != nil
        case .string(let s):
            guard case .string(let sub) = needle else { throw Fault("`in` a string needs a string, got \(needle.typeName)") }
            return sub.isEmpty || s.contains(sub)
        case .null: return false
        default: throw Fault("cannot use `in` with \(haystack.typeName)", hint: "`in` works on lists, records and strings")
        }
    }
}
