import CiviCore

/// `+=` on a list or string without copying it: the caller moves the value out of its variable,
/// so when nothing else holds the buffer it is uniquely referenced and grows in place.
enum InPlace {
    /// True when `value + other` is an append this can do (list + list, string + string).
    @inline(__always)
    static func appends(_ value: Value, _ other: Value) -> Bool {
        switch (value, other) {
        case (.list, .list), (.string, .string): true
        default: false
        }
    }

    /// `value = value + other` for the pairs `appends` accepts (any other pair is left alone).
    static func append(_ value: inout Value, _ other: Value) {
        switch other {
        case .list(let ys):
            guard case .list(var xs) = value else { return }
            // Dropping the enum's reference leaves `xs` the only one.
            value = .null
            xs.append(contentsOf: ys)
            value = .list(xs)
        case .string(let t):
            guard case .string(var s) = value else { return }
            value = .null
            s += t
            value = .string(s)
        default:
            return
        }
    }

    /// True when `a` and `b` are interchangeable without comparing their elements: the same list
    /// buffer, or the same string (by buffer when long, by content when short).
    static func sameStorage(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            return x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { $0.baseAddress == p.baseAddress } }
        case (.string(let x), .string(let y)):
            let n = x.utf8.count
            guard n == y.utf8.count else { return false }
            // Short strings may live inline, with no buffer to compare; comparing them is cheap.
            if n <= 64 { return x == y }
            guard let p = x.utf8.withContiguousStorageIfAvailable({ $0.baseAddress }) ?? nil else { return false }
            return y.utf8.withContiguousStorageIfAvailable({ $0.baseAddress }) == p
        default:
            return false
        }
    }
}
