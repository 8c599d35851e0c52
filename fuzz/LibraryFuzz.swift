import CiviCore
import CiviLang

/// Library invariants checked on every fuzz input: the CSV and JSON readers never crash, what they
/// read writes back to the same values, the order is consistent, and fitted tables fit.
enum LibraryFuzz {
    static func run(_ bytes: [UInt8]) {
        if let rows = try? CSVReader.read(bytes) {
            exercise(rows)
            guard let text = try? CSVWriter.write(rows, function: "csv") else { fail("CSV rows could not be written") }
            guard let back = try? CSVReader.read(Array(text.utf8)), back == rows else { fail("CSV round trip changed the rows") }
        }
        if let value = try? JSONReader.read(bytes) {
            exercise(value.listValue ?? [value])
            // Dates keep milliseconds when written, so the first write may round them; from then on
            // writing and reading must be exact.
            if let text = try? JSONWriter.encode(value) {
                guard let once = try? JSONReader.read(text), let again = try? JSONWriter.encode(once),
                      let twice = try? JSONReader.read(again), twice == once else { fail("JSON round trip changed the value") }
            }
        }
    }

    private static func exercise(_ rows: [Value]) {
        for format in OutputFormat.allCases { _ = try? Renderers.render(rows, as: format) }
        let width = 8 + rows.count % 60
        let table = TableRenderer(maxWidth: width, color: false).render(rows, footer: Renderers.rowCount(rows.count))
        for line in table.split(separator: "\n") where line.count > width {
            fail("a table line is wider than \(width): \(line)")
        }
        for r in rows.prefix(8) {
            _ = ValueFormat.repr(r)
            if case .record(let rec) = r { _ = RecordRenderer(maxWidth: width, color: true).render(rec) }
            guard ValueOrder.compare(r, r) == 0 else { fail("a value does not compare equal to itself") }
        }
        for (a, b) in zip(rows, rows.dropFirst()).prefix(8) where ValueOrder.compare(a, b) != -ValueOrder.compare(b, a) {
            fail("the order is not antisymmetric for \(ValueFormat.repr(a)) and \(ValueFormat.repr(b))")
        }
    }

    private static func fail(_ what: String) -> Never {
        fatalError("library invariant broken: \(what)")
    }
}
