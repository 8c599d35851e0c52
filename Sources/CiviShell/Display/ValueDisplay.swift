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
    /// Standard output is a terminal: control characters in the data are shown escaped, never obeyed.
    var terminal = false
    /// Rows of a stream shown before "more" (the first page).
    var streamPreview = 25

    /// The text for `value`, ending in a newline (empty for nothing to show).
    func render(_ value: Value) throws -> String {
        switch format {
        case .table: return try renderForPeople(value)
        case .json:
            let v = try materialise(value)
            return forJSON(try JSONWriter.string(v, options: .init(pretty: true)) + "\n")
        case .ndjson:
            let v = try materialise(value)
            if case .list(let items) = v {
                return forJSON(try items.map { try JSONWriter.string($0) + "\n" }.joined())
            }
            return forJSON(try JSONWriter.string(v) + "\n")
        case .csv:
            let v = try materialise(value)
            let rows: [Value] = if case .list(let items) = v { items } else { [v] }
            return shown(try Renderers.render(rows, as: .csv) + "\n")
        }
    }

    private func shown(_ text: String) -> String { terminal ? TerminalText.visible(text) : text }

    /// JSON escapes C0 controls itself; on a terminal DEL and C1 controls become `\u00XX` too, which
    /// is the same JSON value (a pipe gets the writer's exact bytes).
    private func forJSON(_ text: String) -> String {
        guard terminal, text.unicodeScalars.contains(where: TerminalText.isControl) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            if u.value >= 0x7F && u.value <= 0x9F {
                out += "\\u00" + String(u.value, radix: 16)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    private func materialise(_ value: Value) throws -> Value {
        if case .stream(let s) = value { return .list(try StreamAccess.collect(s)) }
        return value
    }

    private func renderForPeople(_ value: Value) throws -> String {
        switch value {
        // Shown, not left blank: a blank line cannot be told from a missing field or a hung call.
        case .null: return "null\n"
        case .string(let s): return shown(s) + "\n"
        case .record(let r): return RecordRenderer(maxWidth: width, color: color).render(r) + "\n"
        case .list(let items):
            if items.isEmpty { return "[]\n" }
            if items.allSatisfy({ if case .record = $0 { true } else { false } }) {
                return TableRenderer(maxWidth: width, color: color).render(items, footer: Renderers.rowCount(items.count)) + "\n"
            }
            return shown(ValueFormat.repr(value)) + "\n"
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
            return preview.items.map { shown(ValueFormat.repr($0)) }.joined(separator: "\n") + "\n" + footer + "\n"
        default:
            return shown(ValueFormat.str(value)) + "\n"
        }
    }
}
