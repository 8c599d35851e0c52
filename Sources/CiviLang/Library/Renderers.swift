import CiviCore

/// Turns lists of values into text in each `OutputFormat`, and saves them to files.
public enum Renderers {
    /// The text of `rows` in `format` (no newline after the last line).
    public static func render(_ rows: [Value], as format: OutputFormat) throws(LibraryError) -> String {
        switch format {
        case .table:
            return TableRenderer(maxWidth: nil, color: false).render(rows, footer: rowCount(rows.count))
        case .json:
            do { return try JSONWriter.string(.list(rows), options: .init(pretty: true)) } catch {
                throw LibraryError("json: \(error.description)")
            }
        case .csv:
            return try CSVWriter.write(rows, function: "csv")
        case .ndjson:
            var lines: [String] = []
            lines.reserveCapacity(rows.count)
            for row in rows {
                do { lines.append(try JSONWriter.string(row)) } catch { throw LibraryError("ndjson: \(error.description)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Writes `rows` to `path` in the format its extension names; returns the number of rows written.
    public static func save(_ rows: [Value], to path: String, context: LibraryContext) throws(LibraryError) -> Int {
        guard let format = OutputFormat(fileExtensionOf: path) else {
            throw LibraryError("save: cannot tell the format of \(ValueFormat.quote(path)) from its extension",
                               hint: "use a file name ending in .json, .ndjson or .csv")
        }
        var text: String
        do { text = try render(rows, as: format) } catch {
            throw LibraryError("save: " + error.message.drop { $0 != " " }.dropFirst(), hint: error.hint)
        }
        if !text.isEmpty { text += "\n" }
        try FileIO.writeAll(Array(text.utf8), to: context.resolve(path), shown: path, by: "save")
        return rows.count
    }

    /// `(1 row)` / `(N rows)`.
    public static func rowCount(_ n: Int) -> String { n == 1 ? "(1 row)" : "(\(n) rows)" }
}
