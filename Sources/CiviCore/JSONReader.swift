/// A byte-level JSON reader that builds `Value`s in one pass.
///
/// Records of equal key sequences share one `Shape` (through `ShapeCache`), and string fields
/// whose key ends in `_at` and that hold an ISO-8601 timestamp become dates.
public struct JSONReader {
    /// Options for reading.
    public struct Options: Sendable {
        /// Turn ISO-8601 strings under `*_at` keys into dates.
        public var convertDates: Bool
        /// Tag every record read with this resource name.
        public var resource: String?
        /// Deepest nesting accepted before a clear error (no stack overflow).
        public var maxDepth: Int
        /// Options with defaults: dates converted, no resource, depth 512.
        public init(convertDates: Bool = true, resource: String? = nil, maxDepth: Int = 512) {
            self.convertDates = convertDates
            self.resource = resource
            self.maxDepth = maxDepth
        }
    }

    /// Reads one JSON document (surrounding whitespace allowed).
    public static func read(_ bytes: [UInt8], options: Options = Options(), shapes: ShapeCache = ShapeCache()) throws(JSONError) -> Value {
        try bytes.withUnsafeBufferPointer { buf throws(JSONError) in
            var p = Parser(buf: buf, options: options, shapes: shapes)
            p.skipWhitespace()
            let v = try p.parseValue(depth: 0)
            p.skipWhitespace()
            if p.i != buf.count { throw p.error("unexpected content after the JSON value") }
            return v
        }
    }

    /// Reads one JSON document from a string.
    public static func read(_ text: String, options: Options = Options()) throws(JSONError) -> Value {
        try read(Array(text.utf8), options: options)
    }

    /// Reads newline-delimited JSON: one value per non-blank line.
    public static func readLines(_ bytes: [UInt8], options: Options = Options()) throws(JSONError) -> [Value] {
        let shapes = ShapeCache()
        var out: [Value] = []
        try bytes.withUnsafeBufferPointer { buf throws(JSONError) in
            var p = Parser(buf: buf, options: options, shapes: shapes)
            while true {
                p.skipWhitespace()
                if p.i >= buf.count { break }
                out.append(try p.parseValue(depth: 0))
                while p.i < buf.count, buf[p.i] == 32 || buf[p.i] == 9 || buf[p.i] == 13 { p.i += 1 }
                if p.i < buf.count, buf[p.i] != 10 { throw p.error("expected a newline after a value") }
            }
        }
        return out
    }
}

/// A JSON syntax error with its position.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String
    /// Byte offset of the problem.
    public let offset: Int
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column (in bytes) of the problem.
    public let column: Int
    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Interns record shapes so that records with equal keys share one `Shape`.
public final class ShapeCache: @unchecked Sendable {
    // Used by one reader at a time (not shared across threads); the class only lets the
    // cache outlive a single read so all pages of a stream share their shapes.
    private var shapes: [ShapeKey: Shape] = [:]
    /// An empty cache.
    public init() {}

    func shape(for keys: [String], resource: String?) -> Shape {
        let key = ShapeKey(keys: keys, resource: resource)
        if let s = shapes[key] { return s }
        let s = Shape(keys: keys, resource: resource)
        if shapes.count < 4096 { shapes[key] = s }
        return s
    }

    private struct ShapeKey: Hashable {
        let keys: [String]
        let resource: String?
    }
}

private struct Parser {
    let buf: UnsafeBufferPointer<UInt8>
    let options: Options
    let shapes: ShapeCache
    var i = 0
    typealias Options = JSONReader.Options

    init(buf: UnsafeBufferPointer<UInt8>, options: Options, shapes: ShapeCache) {
        self.buf = buf
        self.options = options
        self.shapes = shapes
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONError {
        let at = min(offset ?? i, buf.count)
        var line = 1
        var col = 1
        var k = 0
        while k < at {
            if buf[k] == 10 { line += 1; col = 1 } else { col += 1 }
            k += 1
        }
        return JSONError(message: message, offset: at, line: line, column: col)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < buf.count {
            let c = buf[i]
            if c == 32 || c == 10 || c == 13 || c == 9 { i += 1 } else { return }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONError) -> Value {
        guard i < buf.count else { throw error("unexpected end of JSON input") }
        switch buf[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(buf[i]))'")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { throw error("unexpected end of JSON input") }
        let w = word.utf8Start
        for k in 0..<n where buf[i + k] != w[k] { throw error("invalid literal") }
        i += n
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> Value {
        if depth > options.maxDepth { throw error("JSON nested deeper than \(options.maxDepth) levels") }
        i += 1
        var keys: [String] = []
        var values: [Value] = []
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "}") {
            i += 1
            return .record(Record(shape: shapes.shape(for: [], resource: options.resource), values: []))
        }
        var duplicate = false
        while true {
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            guard buf[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            i += 1
            skipWhitespace()
            var value = try parseValue(depth: depth)
            if options.convertDates, case .string(let s) = value, key.hasSuffix("_at"), let d = Instant(iso8601: s) {
                value = .date(d)
            }
            if !duplicate, keys.contains(key) { duplicate = true }
            keys.append(key)
            values.append(value)
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}' in an object")
        }
        if duplicate {
            // Last one wins, as most JSON readers do.
            return .record(Record(Array(zip(keys, values)), resource: options.resource))
        }
        return .record(Record(shape: shapes.shape(for: keys, resource: options.resource), values: values))
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> Value {
        if depth > options.maxDepth { throw error("JSON nested deeper than \(options.maxDepth) levels") }
        i += 1
        var out: [Value] = []
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "]") { i += 1; return .list(out) }
        while true {
            skipWhitespace()
            out.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an array") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']' in an array")
        }
        return .list(out)
    }

    mutating func parseNumber() throws(JSONError) -> Value {
        let start = i
        var negative = false
        if buf[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < buf.count, buf[i] >= 48, buf[i] <= 57 else { throw error("invalid number", at: start) }
        var mag: UInt64 = 0
        var overflow = false
        var isFloat = false
        while i < buf.count, buf[i] >= 48, buf[i] <= 57 {
            let (m1, o1) = mag.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(buf[i] - 48))
            if o1 || o2 { overflow = true }
            mag = m2
            i += 1
        }
        if i < buf.count, buf[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard i < buf.count, buf[i] >= 48, buf[i] <= 57 else { throw error("invalid number: digits expected after '.'") }
            while i < buf.count, buf[i] >= 48, buf[i] <= 57 { i += 1 }
        }
        if i < buf.count, buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            if i < buf.count, buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-") { i += 1 }
            guard i < buf.count, buf[i] >= 48, buf[i] <= 57 else { throw error("invalid number: digits expected in exponent") }
            while i < buf.count, buf[i] >= 48, buf[i] <= 57 { i += 1 }
        }
        if !isFloat && !overflow {
            if negative {
                if mag <= UInt64(Int64.max) + 1 { return .int(mag == UInt64(Int64.max) + 1 ? Int.min : -Int(mag)) }
            } else if mag <= UInt64(Int64.max) {
                return .int(Int(mag))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
        guard let d = Double(text) else { throw error("invalid number", at: start) }
        return .float(d)
    }

    mutating func parseString() throws(JSONError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character in a string") }
            i += 1
        }
        guard i < buf.count else { throw error("unterminated string", at: open) }
        var bytes = [UInt8](UnsafeBufferPointer(rebasing: buf[start..<i]))
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c < 0x20 { throw error("control character in a string") }
            if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
            i += 1
            guard i < buf.count else { break }
            let e = buf[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    if i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("invalid escape '\\\(Unicode.Scalar(e))' in a string", at: i - 2)
            }
        }
        throw error("unterminated string", at: open)
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= buf.count else { throw error("unexpected end of JSON input in \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("invalid \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
