import CiviCore

extension Builtins {
    /// Functions on text (and `contains`, which also looks into lists and records).
    static let stringBuiltins: [Builtin] = [
        Builtin("lower", arity: 1) { a, _ throws(LibraryError) in .string(try a.string(0, "a string").lowercased()) },
        Builtin("upper", arity: 1) { a, _ throws(LibraryError) in .string(try a.string(0, "a string").uppercased()) },
        Builtin("trim", arity: 1) { a, _ throws(LibraryError) in .string(try a.string(0, "a string").trimmingWhitespace()) },
        Builtin("split", arity: 2) { a, _ throws(LibraryError) in
            let s = try a.string(0, "a string to split")
            let sep = try a.string(1, "a string separator")
            if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.splitting(on: sep).map(Value.string))
        },
        Builtin("join", arity: 2) { a, _ throws(LibraryError) in
            let items = try a.list(0, "a list to join")
            let sep = try a.string(1, "a string separator")
            return .string(items.map(ValueFormat.str).joined(separator: sep))
        },
        Builtin("replace", arity: 3) { a, _ throws(LibraryError) in
            let s = try a.string(0, "a string")
            let old = try a.string(1, "a string to replace")
            let new = try a.string(2, "a string replacement")
            guard !old.isEmpty else { throw a.error("the text to replace is empty") }
            return .string(s.splitting(on: old).joined(separator: new))
        },
        Builtin("starts_with", arity: 2) { a, _ throws(LibraryError) in
            .bool(try a.string(0, "a string").hasPrefix(try a.string(1, "a string prefix")))
        },
        Builtin("ends_with", arity: 2) { a, _ throws(LibraryError) in
            .bool(try a.string(0, "a string").hasSuffix(try a.string(1, "a string suffix")))
        },
        Builtin("contains", arity: 2) { a, _ throws(LibraryError) in
            switch a[0] {
            case .string(let s):
                let part = try a.string(1, "a string to look for in a string")
                return .bool(part.isEmpty || s.splitting(on: part).count > 1)
            case .list(let l): return .bool(l.contains(a[1]))
            case .record(let r): return .bool(r[try a.string(1, "a string key to look for in a record")] != nil)
            default: throw a.mismatch("a string, list or record", at: 0)
            }
        },
    ]
}

extension String {
    /// The pieces between occurrences of `separator` (non-empty), compared by Unicode scalars so
    /// that a separator inside a combined character still splits, as in Python and JavaScript.
    func splitting(on separator: String) -> [String] {
        let s = Array(unicodeScalars)
        let sep = Array(separator.unicodeScalars)
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if i + sep.count <= s.count, s[i] == sep[0], Array(s[i..<(i + sep.count)]) == sep {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
                i += sep.count
            } else {
                current.append(s[i])
                i += 1
            }
        }
        pieces.append(String(current))
        return pieces
    }
}
