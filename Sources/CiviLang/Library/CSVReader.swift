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
        var rows = try CSVRowReader(bytes: bytes)
        return try records(from: &rows)
    }

    /// Every record `rows` gives, built as the rows are parsed (no intermediate copy of the rows).
    static func records(from rows: inout CSVRowReader) throws(LibraryError) -> [Value] {
        guard let header = try self.header(from: &rows) else { return [] }
        var out: [Value] = []
        while let record = try nextRecord(from: &rows, header: header) { out.append(record) }
        return out
    }

    /// The header row as a shape, or nil for an empty input; a repeated column name is an error.
    static func header(from rows: inout CSVRowReader) throws(LibraryError) -> Shape? {
        guard let (_, names) = try rows.next() else { return nil }
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw LibraryError("line 1: the header names the column \(ValueFormat.quote(name)) twice")
        }
        return Shape(keys: names)
    }

    /// The next row as a record of `header`'s shape, or nil at the end.
    static func nextRecord(from rows: inout CSVRowReader, header: Shape) throws(LibraryError) -> Value? {
        guard let (line, fields) = try rows.next() else { return nil }
        guard fields.count == header.keys.count else {
            throw LibraryError("line \(line): expected \(header.keys.count) fields as in the header, found \(fields.count)")
        }
        return .record(Record(shape: header, values: fields.map(Value.string)))
    }
}
