import CiviCore

/// `xs[from:to]` on lists and strings, as Python slices: negative bounds count from the end,
/// bounds past either end clamp, and a start at or after the end gives an empty result.
enum Slicing {
    /// The part of `container` between `from` (inclusive) and `to` (exclusive); null bounds are
    /// the ends. Strings are sliced by Character, so `"héllo"[0:2]` is `"hé"`.
    static func slice(_ container: Value, from: Value, to: Value) throws -> Value {
        switch container {
        case .list(let xs):
            let (lo, hi) = try bounds(from, to, count: xs.count)
            return .list(Array(xs[lo..<hi]))
        case .string(let s):
            let chars = Array(s)
            let (lo, hi) = try bounds(from, to, count: chars.count)
            return .string(String(chars[lo..<hi]))
        case .null:
            return .null
        default:
            throw Fault("cannot slice \(container.typeName); slices work on lists and strings",
                        hint: Mistakes.hint(forUnexpected: container))
        }
    }

    /// Clamped, ordered offsets for a sequence of `count` elements.
    static func bounds(_ from: Value, _ to: Value, count: Int) throws -> (Int, Int) {
        let lo = try offset(from, count: count, default: 0, side: "start")
        let hi = try offset(to, count: count, default: count, side: "end")
        return (lo, max(lo, hi))
    }

    private static func offset(_ bound: Value, count: Int, default fallback: Int, side: String) throws -> Int {
        switch bound {
        case .null: return fallback
        case .int(let i):
            // Compared before adding, so `xs[Int.min:]` cannot overflow.
            if i < 0 { return i < -count ? 0 : count + i }
            return min(i, count)
        default:
            throw Fault("a slice \(side) must be an int, got \(bound.typeName)")
        }
    }
}
