import CiviCore

/// Reads CSV (RFC 4180) into records whose keys are the header row's names.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; lines end in LF or CRLF; a
/// UTF-8 byte-order mark is skipped; blank lines are skipped; every value stays a string (an
/// empty field is `""`). A row with a different number of fields than the header is an error
/// naming its line.
public enum CSVReader {
    /// The records of `bytes`; errors say `line N: ...`.
    public static func read(_ bytes: [UInt8]) throws(LibraryError) -> [Value] {
        let rows = try parseRows(bytes)
        guard let (_, header) = rows.first else { return [] }
        var seen: Set<String> = []
        for name in header where !seen.insert(name).inserted {
            throw LibraryError("line 1: the header names the column \(ValueFormat.quote(name)) twice")
        }
        let shape = Shape(keys: header)
        var out: [Value] = []
        out.reserveCapacity(rows.count - 1)
        for (line, fields) in rows.dropFirst() {
            guard fields.count == header.count else {
                throw LibraryError("line \(line): expected \(header.count) fields as in the header, found \(fields.count)")
            }
            out.append(.record(Record(shape: shape, values: fields.map(Value.string))))
        }
        return out
    }

    /// Each row with the line it starts on.
    static func parseRows(_ bytes: [UInt8]) throws(LibraryError) -> [(Int, [String])] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr: UInt8 = 13, lf: UInt8 = 10
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var rows: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var rowLine = 1
        var atFieldStart = true
        var rowHasContent = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            if rowHasContent { rows.append((rowLine, fields)) }
            fields.removeAll()
            atFieldStart = true
            rowHasContent = false
        }
        func isLineEnd(_ k: Int) -> Bool { k < bytes.count && (bytes[k] == lf || bytes[k] == cr) }

        while i < bytes.count {
            let c = bytes[i]
            if c == quote && atFieldStart {
                let openLine = line
                rowHasContent = true
                atFieldStart = false
                i += 1
                while true {
                    guard i < bytes.count else {
                        throw LibraryError("line \(openLine): a quoted field is never closed")
                    }
                    let q = bytes[i]
                    if q == quote {
                        if i + 1 < bytes.count, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if q == lf || (q == cr && !(i + 1 < bytes.count && bytes[i + 1] == lf)) { line += 1 }
                    field.append(q)
                    i += 1
                }
                if i < bytes.count, bytes[i] != comma, !isLineEnd(i) {
                    throw LibraryError("line \(line): unexpected text after a closing quote",
                                       hint: "a quote inside a quoted field is written as two quotes (\"\")")
                }
                continue
            }
            switch c {
            case comma:
                endField()
                rowHasContent = true
                atFieldStart = true
                i += 1
            case lf, cr:
                i += (c == cr && i + 1 < bytes.count && bytes[i + 1] == lf) ? 2 : 1
                endRow()
                line += 1
                rowLine = line
            default:
                field.append(c)
                rowHasContent = true
                atFieldStart = false
                i += 1
            }
        }
        if rowHasContent { endRow() }
        return rows
    }
}
