import CiviCore
import CiviLang

/// Turns what a statement shows into text for the chosen output format: tables and
/// `field: value` lines for people, JSON / CSV / NDJSON for programs. It only renders: a stream was
/// read by the interpreter as part of the statement (see `showing`).
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

    /// What the interpreter must make of a stream for this format: the first rows for a table,
    /// every element for the formats programs read.
    var showing: StreamShowing { format == .table ? .preview(rows: streamPreview) : .all }

    /// The text for `result`, ending in a newline (empty for nothing to show).
    func render(_ result: StatementResult) throws -> String {
        switch result {
        case .value(let v): return try render(v)
        case .preview(let preview):
            guard format == .table else { return try render(.list(preview.items)) }
            return renderForPeople(preview)
        }
    }

    /// The text for `v`, ending in a newline (empty for nothing to show).
    private func render(_ v: Value) throws -> String {
        switch format {
        case .table: return renderForPeople(v)
        case .json:
            return forJSON(try JSONWriter.string(v, options: .init(pretty: true)) + "\n")
        case .ndjson:
            if case .list(let items) = v {
                return forJSON(try items.map { try JSONWriter.string($0) + "\n" }.joined())
            }
            return forJSON(try JSONWriter.string(v) + "\n")
        case .csv:
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

    private func renderForPeople(_ value: Value) -> String {
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
        default:
            return shown(ValueFormat.str(value)) + "\n"
        }
    }

    private func renderForPeople(_ preview: StreamPreview) -> String {
        if preview.items.allSatisfy({ if case .record = $0 { true } else { false } }) {
            return TableRenderer(maxWidth: width, color: color).render(preview.items, footer: preview.footer) + "\n"
        }
        return preview.items.map { shown(ValueFormat.repr($0)) }.joined(separator: "\n") + "\n" + preview.footer + "\n"
    }
}
