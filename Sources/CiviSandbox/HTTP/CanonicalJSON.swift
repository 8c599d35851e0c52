import CiviCore

/// The JSON *value* of a request body as bytes, so idempotency compares values: key order,
/// whitespace and `1` vs `1.0` do not matter (the contract's rule), while any other difference does.
enum CanonicalJSON {
    /// Canonical bytes of `body` (objects with sorted keys, integral numbers as integers, no
    /// spaces); a body that is not JSON is its own fingerprint.
    static func fingerprint(_ body: [UInt8]) -> [UInt8] {
        guard let value = try? JSONReader.read(body, options: JSONReader.Options(convertDates: false, maxDepth: 64)),
              let bytes = try? JSONWriter.encode(normalized(value)) else { return body }
        return bytes
    }

    private static func normalized(_ value: Value) -> Value {
        switch value {
        case .float(let d) where d == d.rounded() && abs(d) < 9.0e15:
            return .int(Int(d))
        case .list(let items):
            return .list(items.map(normalized))
        case .record(let r):
            let pairs = r.pairs.sorted { $0.0 < $1.0 }.map { ($0.0, normalized($0.1)) }
            return .record(Record(pairs))
        default:
            return value
        }
    }
}
