import CiviCore

/// One-line display text for values inside tables and record views.
enum CellText {
    /// How a value shows in a cell: strings bare with control characters escaped, null as `null`,
    /// nested values in compact literal form.
    static func of(_ v: Value) -> String {
        switch v {
        case .string(let s): return singleLine(s)
        default: return singleLine(ValueFormat.repr(v))
        }
    }

    /// `s` with line breaks, tabs and other control characters escaped so a cell stays on one line
    /// and a terminal shows it as text.
    static func singleLine(_ s: String) -> String { TerminalText.singleLine(s) }

    /// `s` cut to `width` characters, ending in `…` when cut.
    static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard s.count > width else { return s }
        return String(s.prefix(width - 1)) + "…"
    }

    /// `s` padded with spaces to `width` characters, on the right or (for numbers) the left.
    static func pad(_ s: String, to width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }
}

/// ANSI styling that is a no-op when colour is off.
struct Style: Sendable {
    /// Whether to emit escape codes.
    let enabled: Bool

    func bold(_ s: String) -> String { enabled ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { enabled ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}
