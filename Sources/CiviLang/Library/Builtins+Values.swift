import CiviCore

extension Builtins {
    /// Functions about values in general: sizes, keys, conversions, types, ranges.
    static let valueBuiltins: [Builtin] = [
        Builtin("len", arity: 1) { a, _ throws(LibraryError) in
            switch a[0] {
            case .string(let s): return .int(TextLength.characters(s))
            case .list(let l): return .int(l.count)
            case .record(let r): return .int(r.count)
            default: throw a.mismatch("a string, list or record", at: 0)
            }
        },
        Builtin("keys", arity: 1) { a, _ throws(LibraryError) in
            .list(try a.record(0, "a record").keys.map(Value.string))
        },
        Builtin("values", arity: 1) { a, _ throws(LibraryError) in
            .list(try a.record(0, "a record").values)
        },
        Builtin("has", arity: 2) { a, _ throws(LibraryError) in
            switch a[0] {
            case .record(let r): return .bool(r[try a.string(1, "a string key")] != nil)
            case .list(let l):
                let i = try a.int(1, "an int index")
                return .bool(i >= -l.count && i < l.count)
            default: throw a.mismatch("a record or list", at: 0)
            }
        },
        Builtin("str", arity: 1) { a, _ in .string(ValueFormat.str(a[0])) },
        Builtin("type", arity: 1) { a, _ in .string(a[0].typeName) },
        Builtin("int", arity: 1) { a, _ throws(LibraryError) in try toInt(a) },
        Builtin("float", arity: 1) { a, _ throws(LibraryError) in try toFloat(a) },
        Builtin("range", arity: 1...2) { a, _ throws(LibraryError) in
            let lower = a.count == 2 ? try a.int(0, "an int start") : 0
            let upper = try a.int(a.count - 1, a.count == 2 ? "an int end" : "an int count")
            guard upper > lower else { return .list([]) }
            let (size, overflow) = upper.subtractingReportingOverflow(lower)
            guard !overflow, size <= maxRange else {
                throw a.error("\(lower)..<\(upper) has more than 10,000,000 elements",
                              hint: "loop with while, or page through the data, instead of building a huge list")
            }
            return .list((lower..<upper).map(Value.int))
        },
    ]

    /// The longest list `range` builds (a typo like `range(1e12)` should fail fast, not eat memory).
    static let maxRange = 10_000_000

    private static func toInt(_ a: Arguments) throws(LibraryError) -> Value {
        switch a[0] {
        case .int: return a[0]
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .int(try truncate(d, a))
        case .date(let d): return .int(try truncate(d.seconds, a))
        case .string(let s):
            let text = s.trimmingWhitespace()
            if let i = Int(text.replacingUnderscoresInNumber()) { return .int(i) }
            if isDecimal(text), Double(text) != nil {
                throw a.error("\(ValueFormat.quote(s)) is not a whole number", hint: "use int(float(s)) to truncate it")
            }
            throw a.error("\(ValueFormat.quote(s)) is not a number")
        default: throw a.mismatch("a number, numeric string, bool or date", at: 0)
        }
    }

    private static func truncate(_ d: Double, _ a: Arguments) throws(LibraryError) -> Int {
        guard d.isFinite else { throw a.error("\(ValueFormat.float(d)) has no integer value") }
        let t = d.rounded(.towardZero)
        guard let i = Int(exactly: t) else { throw a.error("\(ValueFormat.float(d)) is out of the 64-bit integer range") }
        return i
    }

    private static func toFloat(_ a: Arguments) throws(LibraryError) -> Value {
        switch a[0] {
        case .float: return a[0]
        case .int(let i): return .float(Double(i))
        case .bool(let b): return .float(b ? 1 : 0)
        case .date(let d): return .float(d.seconds)
        case .string(let s):
            let text = s.trimmingWhitespace().replacingUnderscoresInNumber()
            guard isDecimal(text), let d = Double(text) else { throw a.error("\(ValueFormat.quote(s)) is not a number") }
            return .float(d)
        default: throw a.mismatch("a number, numeric string, bool or date", at: 0)
        }
    }

    /// Decimal notation only: Swift's `Double(_:)` would also take `nan`, `inf` and hex floats.
    static func isDecimal(_ s: String) -> Bool {
        var digits = 0
        var seenDot = false
        var seenExp = false
        var previous: UInt8 = 0
        for (n, c) in s.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard n == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !seenDot, !seenExp else { return false }
                seenDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !seenExp, digits > 0 else { return false }
                seenExp = true
            default: return false
            }
            previous = c
        }
        return digits > 0
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// `1_000` → `1000`, as number literals allow; anything else unchanged.
    func replacingUnderscoresInNumber() -> String {
        guard contains("_") else { return self }
        return String(filter { $0 != "_" })
    }
}
