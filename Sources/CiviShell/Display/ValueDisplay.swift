import CiviCore
import CiviLang

/// Turns the value of a statement into text for the chosen output format: tables and
/// `field: value` lines for people, JSON / CSV / NDJSON for programs.
struct ValueDisplay {
    /// The output format.
    var format: OutputFormat
    /// ANSI colours wanted.
    var color: Bool
    /// Terminal width to fit tables to (nil: no limit).
    var width: Int?
    /// Rows of a stream shown before "more" (the first page).
    var streamPreview = 25

    /// The text for `value`, ending in a newline (empty for nothing to show).
    func render(_ value: Value) throws -> String {
        switch format {
        case .table: return try renderForPeople(value)
        case .json:
            let v = try materialise(value)
            return try JSONWriter.string(v, options: .init(pretty: true)) + "\n"
        case .ndjson:
            let v = try materialise(value)
            if case .list(let items) = v {
                return try items.map { try JSONWriter.string($0) + "\n" }.joined()
            }
            return try JSONWriter.string(v) + "\n"
        case .csv:
            let v = try materialise(value)
            let rows: [Value] = if case .list(let items) = v { items } else { [v] }
            return try Renderers.render(rows, as: .csv) + "\n"
        }
    }

    private func materialise(_ value: Value) throws -> Value {
        if case .stream(let s) = value { return .list(try StreamAccess.collect(s)) }
        return value
    }

    private func renderForPeople(_ value: Value) throws -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s + "\n"
        case .record(let r): return RecordRenderer(maxWidth: width, color: color).render(r) + "\n"
        case .list(let items):
            if items.isEmpty { return "[]\n" }
            if items.allSatisfy({ if case .record = $0 { true } else { false } }) {
                return TableRenderer(maxWidth: width, color: color).render(items, footer: Renderers.rowCount(items.count)) + "\n"
            }
            return ValueFormat.repr(value) + "\n"
        case .stream(let s):
            let preview = try StreamAccess.preview(s, limit: streamPreview)
            let footer: String
            if preview.hasMore {
                if let total = preview.total, total > preview.items.count {
                    footer = "\(preview.items.count) of \(total) — `| collect` to fetch all"
                } else {
                    footer = "\(preview.items.count) shown, more exist — `| collect` to fetch all"
                }
            } else {
                footer = Renderers.rowCount(preview.items.count)
            }
            if preview.items.allSatisfy({ if case .record = $0 { true } else { false } }) {
                return TableRenderer(maxWidth: width, color: color).render(preview.items, footer: footer) + "\n"
            }
            return preview.items.map { ValueFormat.repr($0) }.joined(separator: "\n") + "\n" + footer + "\n"
        default:
            return ValueFormat.str(value) + "\n"
        }
    }
}
