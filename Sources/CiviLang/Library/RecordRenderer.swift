import CiviCore

/// Renders one record as `field: value` lines with the values aligned, as the REPL shows a record.
public struct RecordRenderer: Sendable {
    /// The widest line allowed, or nil for no limit (long values are cut with `…`).
    public var maxWidth: Int?
    /// Whether to use ANSI styles (bold names, dim nulls).
    public var color: Bool

    /// Makes a renderer.
    public init(maxWidth: Int? = nil, color: Bool = false) {
        self.maxWidth = maxWidth.map { max($0, 1) }
        self.color = color
    }

    /// One line per field: the name, a colon, padding, the value; `{}` for an empty record.
    public func render(_ r: Record) -> String {
        guard r.count > 0 else { return "{}" }
        let style = Style(enabled: color)
        let names = r.keys.map(CellText.singleLine)
        let nameWidth = names.map(\.count).max() ?? 0
        var lines: [String] = []
        lines.reserveCapacity(r.count)
        for (name, value) in zip(names, r.values) {
            let fill = String(repeating: " ", count: nameWidth - name.count)
            let room = maxWidth.map { max($0 - nameWidth - 2, 1) }
            var text = CellText.of(value)
            if let room { text = CellText.truncate(text, to: room) }
            let shown = value == .null ? style.dim(text) : text
            lines.append(style.bold(name + ":") + fill + " " + shown)
        }
        return lines.joined(separator: "\n")
    }
}
