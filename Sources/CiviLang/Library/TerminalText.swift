/// Text that is safe to put on a terminal: the control characters a terminal would act on
/// (C0 controls, DEL, and C1 controls such as CSI U+009B) are shown as escapes — `\r`, `\n`,
/// `\t`, or `\u{1b}` — so data from a server or a file can never move the cursor, clear the
/// screen or retitle the window. Tables, printed text, values and error messages all use this form.
public enum TerminalText {
    /// Whether a terminal could act on `u`.
    @inline(__always)
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value <= 0x9F)
    }

    /// `s` with every control character but line feed and tab escaped (text keeps its lines).
    public static func visible(_ s: String) -> String {
        escaping(s) { $0 != "\n" && $0 != "\t" && isControl($0) }
    }

    /// `s` on one line: line feeds and tabs are escaped too.
    public static func singleLine(_ s: String) -> String {
        escaping(s, isControl)
    }

    private static func escaping(_ s: String, _ shouldEscape: (Unicode.Scalar) -> Bool) -> String {
        guard s.unicodeScalars.contains(where: shouldEscape) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            guard shouldEscape(u) else {
                out.unicodeScalars.append(u)
                continue
            }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        }
        return out
    }
}
