import CiviCore

/// Writes records as CSV: the header is the union of keys in first-seen order; a field is quoted
/// when it holds a comma, quote or line break; nested lists and records become compact JSON
/// text; dates ISO-8601; null an empty field; lines end in LF, with no line after the last row.
public enum CSVWriter {
    /// The CSV text of `rows` (each must be a record); `function` names the caller in errors.
    public static func write(_ rows: [Value], function: String) throws(LibraryError) -> String {
        var records: [Record] = []
        records.reserveCapacity(rows.count)
        for (n, row) in rows.enumerated() {
            guard case .record(let r) = row else {
                throw LibraryError("\(function): row \(n + 1) is \(article(row.typeName)), not a record",
                                   hint: "CSV holds records; use map to turn each element into a record")
            }
            records.append(r)
        }
        let header = unionOfKeys(records)
        var lines: [String] = []
        lines.reserveCapacity(records.count + 1)
        // With one column an empty field would make a blank line, which readers skip; quote it.
        let quoteEmpty = header.count == 1
        if !header.isEmpty { lines.append(header.map { escape($0, quoteEmpty: quoteEmpty) }.joined(separator: ",")) }
        for r in records {
            var cells: [String] = []
            cells.reserveCapacity(header.count)
            for key in header { cells.append(escape(try cell(r[key] ?? .null, function: function), quoteEmpty: quoteEmpty)) }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// Keys of all records in first-seen order.
    public static func unionOfKeys(_ records: [Record]) -> [String] {
        var keys: [String] = []
        var seen: Set<String> = []
        var lastShape: Shape? = nil
        for r in records where r.shape !== lastShape {
            lastShape = r.shape
            for k in r.keys where seen.insert(k).inserted { keys.append(k) }
        }
        return keys
    }

    static func cell(_ v: Value, function: String) throws(LibraryError) -> String {
        switch v {
        case .null: return ""
        case .string(let s): return s
        case .date(let d): return d.iso8601
        case .list, .record, .function, .stream:
            do { return try JSONWriter.string(v) } catch { throw LibraryError("\(function): \(error.description)") }
        default: return ValueFormat.str(v)
        }
    }

    static func escape(_ field: String, quoteEmpty: Bool = false) -> String {
        let needsQuotes = (quoteEmpty && field.isEmpty) || field.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return field }
        return "\"" + field.splitting(on: "\"").joined(separator: "\"\"") + "\""
    }

    static func article(_ typeName: String) -> String {
        (typeName.first.map { "aeiou".contains($0) } ?? false) ? "an \(typeName)" : "a \(typeName)"
    }
}
