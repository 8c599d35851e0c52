import CiviCore

/// The options record a file reader takes as its second argument, e.g. `read_text(p, {special: true})`:
/// `special` reads a device, pipe or socket (refused by default: it may never end); `stream`
/// makes `read_csv` a stream read row by row as it is consumed.
struct ReadOptions {
    var special = false
    var stream = false

    /// The options in argument 1 (absent or null: none); unknown names and non-bool values are errors.
    init(_ a: Arguments, allowed: [String]) throws(LibraryError) {
        guard a.count > 1, a[1] != .null else { return }
        guard case .record(let r) = a[1] else {
            throw a.error("expected an options record such as {\(allowed[0]): true}, got \(a[1].typeName)")
        }
        for (name, value) in zip(r.keys, r.values) {
            guard allowed.contains(name) else {
                throw a.error("unknown option \(ValueFormat.quote(name)); it takes \(allowed.joined(separator: ", "))")
            }
            guard case .bool(let on) = value else {
                throw a.error("the option \(name) must be true or false, got \(value.typeName)")
            }
            if name == "special" { special = on } else if name == "stream" { stream = on }
        }
    }
}

/// A CSV file to read: where it is, how the user wrote it, and whether a special file is allowed.
struct CSVFile: Sendable {
    let path: String
    let shown: String
    let special: Bool

    /// Reads from the file as a `CSVRowReader` consumes it; the caller closes `descriptor`.
    static func rows(from descriptor: Int32) throws(LibraryError) -> CSVRowReader {
        try CSVRowReader { () throws(LibraryError) -> [UInt8]? in
            var failure: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: 1 << 18) { buffer, count in
                count = 0
                while true {
                    let n = SystemCall.read(descriptor, buffer.baseAddress!, buffer.count)
                    if n >= 0 { count = n; return }
                    if errno != EINTR { failure = errno; return }
                }
            }
            if failure != 0 { throw LibraryError(WholeFile.Failure.system(failure).reason) }
            return bytes.isEmpty ? nil : bytes
        }
    }

    /// Every record of the open file, parsed chunk by chunk (its bytes are never held whole).
    static func records(from descriptor: Int32) throws(LibraryError) -> [Value] {
        var reader = try rows(from: descriptor)
        return try CSVReader.records(from: &reader)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
