import CiviCore

/// Renders a list as an aligned text table: columns are the union of the records' keys in
/// first-seen order, numbers right-aligned, `null` shown (dim in colour), a missing field blank.
///
/// Given a width, it keeps `id` and the leading columns that fit, hides the rest (saying how many
/// and which), and cuts long cells with `…` — never an id (`id`, `*_id`): that is shown whole or
/// hidden. Widths count characters, not bytes. A list that is not all records renders one value
/// per line in literal form.
public struct TableRenderer: Sendable {
    /// The widest line allowed (a terminal's width), or nil for no limit.
    public var maxWidth: Int?
    /// Whether to use ANSI styles (bold headers, dim nulls and footer).
    public var color: Bool

    /// Makes a renderer.
    public init(maxWidth: Int?, color: Bool) {
        self.maxWidth = maxWidth.map { max($0, 1) }
        self.color = color
    }

    private static let gap = 2

    /// The table of `rows`, then `footer` (e.g. `(3 rows)`) on its own line if given.
    public func render(_ rows: [Value], footer: String?) -> String {
        let style = Style(enabled: color)
        var lines: [String]
        var records: [Record] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            guard case .record(let r) = row else { records = []; break }
            records.append(r)
        }
        if !rows.isEmpty && records.count == rows.count {
            lines = table(records, style)
        } else {
            lines = rows.map { fit(CellText.singleLine(ValueFormat.repr($0))) }
        }
        if let footer { lines.append(style.dim(fit(footer))) }
        return lines.joined(separator: "\n")
    }

    private func fit(_ s: String) -> String { maxWidth.map { CellText.truncate(s, to: $0) } ?? s }

    private func table(_ records: [Record], _ style: Style) -> [String] {
        let columns = CSVWriter.unionOfKeys(records)
        guard !columns.isEmpty else { return records.map { _ in "{}" } }
        var cells: [[Cell?]] = []
        var hasNumber = [Bool](repeating: false, count: columns.count)
        var onlyNumbers = [Bool](repeating: true, count: columns.count)
        cells.reserveCapacity(records.count)
        for r in records {
            var row: [Cell?] = []
            row.reserveCapacity(columns.count)
            for (c, key) in columns.enumerated() {
                let v = r[key]
                switch v {
                case nil, .null?: break
                case .int?, .float?: hasNumber[c] = true
                default: onlyNumbers[c] = false
                }
                row.append(v.map { Cell(text: CellText.of($0), isNull: $0 == .null) })
            }
            cells.append(row)
        }
        let numeric = zip(hasNumber, onlyNumbers).map { $0 && $1 }
        var natural = columns.map { CellText.singleLine($0).count }
        for row in cells {
            for (c, cell) in row.enumerated() { natural[c] = max(natural[c], cell?.text.count ?? 0) }
        }
        let (shown, widths) = layout(columns, natural)
        // Padding goes outside the escape codes so that trailing blanks can be trimmed.
        func cellText(_ text: String, _ c: Int, _ styled: (String) -> String) -> String {
            let cut = CellText.truncate(text, to: widths[c])
            let fill = String(repeating: " ", count: max(widths[c] - cut.count, 0))
            return numeric[c] ? fill + styled(cut) : styled(cut) + fill
        }
        var lines: [String] = []
        lines.append(joinLine(shown.map { c in cellText(CellText.singleLine(columns[c]), c, style.bold) }))
        lines.append(joinLine(shown.map { c in String(repeating: "─", count: widths[c]) }))
        for row in cells {
            lines.append(joinLine(shown.map { c in
                guard let cell = row[c] else { return String(repeating: " ", count: widths[c]) }
                return cellText(cell.text, c, cell.isNull ? style.dim : { $0 })
            }))
        }
        let hidden = columns.indices.filter { !shown.contains($0) }
        if !hidden.isEmpty {
            let noun = hidden.count == 1 ? "1 column hidden" : "\(hidden.count) columns hidden"
            lines.append(style.dim(fit("\(noun): " + hidden.map { columns[$0] }.joined(separator: ", "))))
        }
        return lines
    }

    private struct Cell {
        let text: String
        let isNull: Bool
    }

    private func joinLine(_ parts: [String]) -> String {
        var line = parts.joined(separator: String(repeating: " ", count: Self.gap))
        while line.last == " " { line.removeLast() }
        return line
    }

    /// `id` and `campaign_id`-style columns: their cells are never cut.
    static func holdsIDs(_ column: String) -> Bool { column == "id" || column.hasSuffix("_id") }

    /// Which columns to show, and how wide each is (indexed by column).
    private func layout(_ columns: [String], _ natural: [Int]) -> ([Int], [Int]) {
        guard let limit = maxWidth else { return (Array(columns.indices), natural) }
        let total = natural.reduce(0, +) + Self.gap * (columns.count - 1)
        if total <= limit { return (Array(columns.indices), natural) }
        // A column is worth showing only if its header stays readable (up to 16 characters). Ids are
        // shown whole or not at all (a cut id cannot be used): other columns give way first, and an
        // id is cut only on a terminal narrower than the id itself.
        let minimum = zip(columns, natural).map { name, width in
            Self.holdsIDs(name) ? min(width, limit) : min(width, min(16, max(8, name.count)))
        }
        var priority = Array(columns.indices)
        if let id = columns.firstIndex(of: "id") { priority.remove(at: id); priority.insert(id, at: 0) }
        var chosen: [Int] = []
        var used = 0
        for c in priority {
            let need = minimum[c] + (chosen.isEmpty ? 0 : Self.gap)
            if !chosen.isEmpty && used + need > limit { break }
            chosen.append(c)
            used += need
        }
        chosen.sort()
        var widths = [Int](repeating: 0, count: columns.count)
        for c in chosen { widths[c] = min(minimum[c], limit) }
        var spare = limit - used
        // Hand out the spare width one character at a time so narrow columns fill up first.
        while spare > 0 {
            var gave = false
            for c in chosen where spare > 0 && widths[c] < natural[c] {
                widths[c] += 1
                spare -= 1
                gave = true
            }
            if !gave { break }
        }
        return (chosen, widths)
    }
}
