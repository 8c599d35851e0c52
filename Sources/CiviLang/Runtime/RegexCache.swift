import Synchronization

/// Compiled regular expressions by pattern text, shared by all threads of an interpreter.
final class RegexCache: Sendable {
    private struct Entry: @unchecked Sendable { let regex: Regex<AnyRegexOutput> }
    private let table = Mutex<[String: Entry]>([:])

    /// The compiled pattern; a bad pattern is a runtime error naming it.
    func regex(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        if let e = table.withLock({ $0[pattern] }) { return e.regex }
        let r: Regex<AnyRegexOutput>
        do { r = try Regex(pattern) } catch {
            throw Fault("invalid regular expression \"\(pattern)\": \(error)")
        }
        table.withLock { t in
            if t.count > 1000 { t.removeAll() }
            t[pattern] = Entry(regex: r)
        }
        return r
    }
}
