import CiviCore

/// Releases a big list of plain data on a helper thread: freeing the 200,000 records a
/// `read_json` made takes about a fifth of a whole query, and nothing needs to wait for it.
/// Lists holding functions or streams are released here as usual, since their deinitialisers
/// may touch interpreter state.
enum LateRelease {
    /// Lists shorter than this are released in place (a thread costs more than it saves).
    static let minimumCount = 50_000

    /// Drops the caller's reference to `value`, the last one perhaps on a helper thread; true
    /// when a helper took it.
    @discardableResult
    static func drop(_ value: Value) -> Bool {
        guard case .list(let items) = value, items.count >= minimumCount, isPlainData(items) else { return false }
        let box = Box(items)
        HelperThread.detached { box.items = [] }
        return true
    }

    private final class Box: @unchecked Sendable {
        // Touched by the helper thread only once it has been handed over.
        var items: [Value]
        init(_ items: [Value]) { self.items = items }
    }

    /// Nothing but nulls, numbers, strings, dates, lists and records, however deep.
    private static func isPlainData(_ items: [Value]) -> Bool {
        for v in items where !isPlainData(v) { return false }
        return true
    }

    private static func isPlainData(_ v: Value) -> Bool {
        switch v {
        case .null, .bool, .int, .float, .string, .date: true
        case .list(let xs): isPlainData(xs)
        case .record(let r): isPlainData(r.values)
        case .function, .stream: false
        }
    }
}
