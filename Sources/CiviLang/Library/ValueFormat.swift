import CiviCore

/// How values print: `str` is what `print` and interpolation show, `repr` the literal form.
///
/// Ints print plainly; floats print the shortest digits that read back to the same number, keep
/// `.0` when integral (`2.0`), and switch to exponent form from 1e16 up and below 1e-4 (`1e+20`,
/// `1e-05`); non-finite floats print `inf`, `-inf`, `nan`. Dates print as ISO-8601 UTC, bare
/// (also inside lists and records: a date is the one unquoted scalar that is not a number).
/// Lists and records print in civi literal syntax with strings quoted:
/// `{first_name: "Ada", tags: ["vip"]}`; keys that are not identifiers are quoted.
public enum ValueFormat {
    /// The text of `v`: a string is itself, everything else as `repr`.
    public static func str(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return repr(v)
    }

    /// The literal form of `v`, strings quoted even at top level (`"Ada"`).
    public static func repr(_ v: Value) -> String {
        var out = ""
        write(v, into: &out)
        return out
    }

    /// A float as civi prints it.
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// `s` as a double-quoted civi string literal (escapes for quotes, backslashes, `${`, controls).
    public static func quote(_ s: String) -> String {
        var out = "\""
        let scalars = Array(s.unicodeScalars)
        for (n, u) in scalars.enumerated() {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            // `${` would start an interpolation when read back.
            case "$" where n + 1 < scalars.count && scalars[n + 1] == "{": out += "\\$"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// True when `key` can be written bare in a record literal.
    public static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !keywords.contains(key) else { return false }
        guard first == "_" || first.properties.isAlphabetic && first.isASCII else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    static let keywords: Set<String> = ["if", "else", "for", "in", "while", "break", "continue", "fn", "return",
                                        "try", "catch", "and", "or", "not", "true", "false", "null"]

    private static func write(_ v: Value, into out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += float(d)
        case .string(let s): out += quote(s)
        case .date(let d): out += d.iso8601
        case .list(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += ", " }
                write(item, into: &out)
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (n, (k, item)) in zip(r.keys, r.values).enumerated() {
                if n > 0 { out += ", " }
                out += isIdentifier(k) ? k : quote(k)
                out += ": "
                write(item, into: &out)
            }
            out += "}"
        case .function(let f): out += "<fn \(f.displayName)>"
        case .stream(let s): out += "<stream \(s.displayName)>"
        }
    }
}
