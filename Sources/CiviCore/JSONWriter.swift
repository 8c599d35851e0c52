/// Serialises `Value`s as JSON bytes (dates as ISO-8601 strings).
public struct JSONWriter {
    /// Why a value could not be written as JSON.
    public struct Unrepresentable: Error, Sendable, CustomStringConvertible {
        /// What could not be written.
        public let description: String
    }

    /// Options for writing.
    public struct Options: Sendable {
        /// Indent nested values by two spaces per level.
        public var pretty: Bool
        /// Sort no keys; keep record order (always true — records are ordered).
        public init(pretty: Bool = false) { self.pretty = pretty }
    }

    /// The JSON bytes of `value`.
    public static func encode(_ value: Value, options: Options = Options()) throws(Unrepresentable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out, options: options, indent: 0)
        return out
    }

    /// The JSON text of `value`.
    public static func string(_ value: Value, options: Options = Options()) throws(Unrepresentable) -> String {
        String(decoding: try encode(value, options: options), as: UTF8.self)
    }

    /// Appends the JSON of `value` to `out`.
    public static func write(_ value: Value, into out: inout [UInt8], options: Options = Options(), indent: Int = 0) throws(Unrepresentable) {
        switch value {
        case .null: out.append(contentsOf: [110, 117, 108, 108])
        case .bool(let b): out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .float(let d):
            guard d.isFinite else { throw Unrepresentable(description: "the number \(d) has no JSON form") }
            if d == d.rounded(), abs(d) < 1e15 {
                out.append(contentsOf: String(d).utf8) // e.g. "3.0": stays a float when read back
            } else {
                out.append(contentsOf: d.description.utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .date(let d):
            out.append(34)
            d.appendISO8601(into: &out)
            out.append(34)
        case .list(let items):
            if items.isEmpty { out.append(contentsOf: [91, 93]); return }
            out.append(91)
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(44) }
                if options.pretty { newline(&out, indent + 1) }
                try write(item, into: &out, options: options, indent: indent + 1)
            }
            if options.pretty { newline(&out, indent) }
            out.append(93)
        case .record(let r):
            if r.count == 0 { out.append(contentsOf: [123, 125]); return }
            out.append(123)
            for (n, (k, v)) in zip(r.keys, r.values).enumerated() {
                if n > 0 { out.append(44) }
                if options.pretty { newline(&out, indent + 1) }
                writeString(k, into: &out)
                out.append(58)
                if options.pretty { out.append(32) }
                try write(v, into: &out, options: options, indent: indent + 1)
            }
            if options.pretty { newline(&out, indent) }
            out.append(125)
        case .function(let f): throw Unrepresentable(description: "a function (\(f.displayName)) has no JSON form")
        case .stream: throw Unrepresentable(description: "a stream has no JSON form; `| collect` it first")
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(10)
        for _ in 0..<(indent * 2) { out.append(32) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(34)
        for c in s.utf8 {
            switch c {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            case 0..<0x20:
                out.append(contentsOf: [92, 117, 48, 48])
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 15)])
            default: out.append(c)
            }
        }
        out.append(34)
    }
}
