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
        /// Options with defaults: dates converted, no resource, depth `Value.maxNesting` (512).
        public init(convertDates: Bool = true, resource: String? = nil, maxDepth: Int = Value.maxNesting) {
            self.convertDates = convertDates
            self.resource = resource
            self.maxDepth = maxDepth
        }
    }

    /// Reads one JSON document (surrounding whitespace allowed). A large array of objects is
    /// read on two threads (see `ParallelArrayReader`).
    public static func read(_ bytes: [UInt8], options: Options = Options(), shapes: ShapeCache = ShapeCache()) throws(JSONError) -> Value {
        try bytes.withUnsafeBufferPointer { buf throws(JSONError) in
            if buf.count >= ParallelArrayReader.threshold,
               let v = try ParallelArrayReader.read(buf, options: options, shapes: shapes) { return v }
            var p = JSONByteParser(buf: buf, options: options, shapes: shapes)
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

    /// Reads newline-delimited JSON: one value per non-blank line. Each line counts one level
    /// deeper than a document would, since the values become the items of a list.
    public static func readLines(_ bytes: [UInt8], options: Options = Options()) throws(JSONError) -> [Value] {
        let shapes = ShapeCache()
        var out: [Value] = []
        try bytes.withUnsafeBufferPointer { buf throws(JSONError) in
            var p = JSONByteParser(buf: buf, options: options, shapes: shapes)
            while true {
                p.skipWhitespace()
                if p.i >= buf.count { break }
                out.append(try p.parseValue(depth: 1))
                while p.i < buf.count, buf[p.i] == 32 || buf[p.i] == 9 || buf[p.i] == 13 { p.i += 1 }
                if p.i < buf.count, buf[p.i] != 10 { throw p.error("expected a newline after a value") }
            }
        }
        return out
    }
}


/// The byte-level parser behind `JSONReader` (numbers in JSONReader+Numbers.swift).
struct JSONByteParser {
    let buf: UnsafeBufferPointer<UInt8>
    let options: Options
    let shapes: ShapeCache
    let root: KeyNode
    let scratch = ByteScratch()
    var emptyShape: Shape?
    var i = 0
    typealias Options = JSONReader.Options

    init(buf: UnsafeBufferPointer<UInt8>, options: Options, shapes: ShapeCache) {
        self.buf = buf
        self.options = options
        self.shapes = shapes
        root = shapes.root(for: options.resource)
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

    @inline(__always)
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
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "}") {
            i += 1
            return .record(Record(shape: emptyRecordShape(), values: []))
        }
        var values: [Value] = []
        // The keys are matched in the key tree while it has room; past that (`outside`
        // non-empty or `inTree` false) they are kept as strings and interned by hashing.
        var node = root
        var first: KeyNode?
        var inTree = true
        var outside: [String] = []
        while true {
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            guard buf[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let dateKey: Bool
            let key = try stringContent()
            if inTree, let next = node.child(matching: key) {
                node = next
                dateKey = next.endsInAt
            } else {
                let name = String(decoding: key, as: UTF8.self)
                if inTree, let next = shapes.addChild(to: node, key: name, bytes: key) {
                    node = next
                } else {
                    inTree = false
                    outside.append(name)
                }
                dateKey = name.hasSuffix("_at")
            }
            if first == nil {
                first = node
                values.reserveCapacity(node.widthHint)
            }
            skipWhitespace()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            i += 1
            skipWhitespace()
            if dateKey, options.convertDates, i < buf.count, buf[i] == UInt8(ascii: "\"") {
                let text = try stringContent()
                if let d = Instant.parse(text) {
                    values.append(.date(d))
                } else {
                    values.append(.string(String(decoding: text, as: UTF8.self)))
                }
            } else if inTree, i < buf.count, buf[i] == UInt8(ascii: "\"") {
                let text = try stringContent()
                if let (low, high) = shortWords(text) {
                    values.append(.string(node.string(text, low: low, high: high)))
                } else {
                    values.append(.string(String(decoding: text, as: UTF8.self)))
                }
            } else {
                values.append(try parseValue(depth: depth))
            }
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}' in an object")
        }
        first?.widthHint = values.count
        if inTree {
            if node.hasDuplicate {
                // Last one wins, as most JSON readers do.
                return .record(Record(Array(zip(node.pathKeys(), values)), resource: options.resource))
            }
            return .record(Record(shape: shapes.shape(at: node, resource: options.resource), values: values))
        }
        let keys = node.pathKeys() + outside
        var duplicate = node.hasDuplicate
        var k = node.depth
        while !duplicate, k < keys.count {
            if keys[..<k].contains(keys[k]) { duplicate = true }
            k += 1
        }
        if duplicate {
            return .record(Record(Array(zip(keys, values)), resource: options.resource))
        }
        return .record(Record(shape: shapes.shape(for: keys, resource: options.resource), values: values))
    }

    /// The bytes of a string of at most 15 bytes in the input as two zero-padded
    /// little-endian words, when 16 bytes can be loaded there; nil otherwise.
    @inline(__always)
    func shortWords(_ text: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        let n = text.count
        guard n <= 15, let p = text.baseAddress, let base = buf.baseAddress,
              p >= base, p + 16 <= base + buf.count else { return nil }
        let raw = UnsafeRawPointer(p)
        let w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        if n <= 8 {
            return (n == 8 ? w0 : w0 & ((1 << (UInt64(n) &* 8)) &- 1), 0)
        }
        let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        return (w0, w1 & ((1 << (UInt64(n - 8) &* 8)) &- 1))
    }

    mutating func emptyRecordShape() -> Shape {
        if let s = emptyShape { return s }
        let s = shapes.shape(for: [], resource: options.resource)
        emptyShape = s
        return s
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

    mutating func parseString() throws(JSONError) -> String {
        String(decoding: try stringContent(), as: UTF8.self)
    }

    /// Reads a string at its opening quote and returns its unescaped UTF-8 bytes: a view of
    /// the input when there are no escapes (the common case, nothing copied), else of
    /// `scratch`, valid until the next string is read.
    mutating func stringContent() throws(JSONError) -> UnsafeBufferPointer<UInt8> {
        let open = i
        i += 1
        let start = i
        let n = buf.count
        guard let base = buf.baseAddress else { throw error("unterminated string", at: open) }
        // Eight bytes at a time until a quote, a backslash or a control character: the lowest
        // flagged byte is exact (a borrow only ever flags bytes above a real hit).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let q = w ^ (ones &* 0x22)
            let b = w ^ (ones &* 0x5C)
            let hits = ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & highs
            if hits != 0 {
                i += hits.trailingZeroBitCount >> 3
                break
            }
            i += 8
        }
        while i < n {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return UnsafeBufferPointer(start: base + start, count: i - 1 - start)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character in a string") }
            i += 1
        }
        guard i < n else { throw error("unterminated string", at: open) }
        scratch.removeAll()
        scratch.append(UnsafeBufferPointer(start: base + start, count: i - start))
        while i < n {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return scratch.bytes
            }
            if c < 0x20 { throw error("control character in a string") }
            if c != UInt8(ascii: "\\") { scratch.append(c); i += 1; continue }
            i += 1
            guard i < n else { break }
            let e = base[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    if i + 1 < n, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") {
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
                scratch.appendUTF8(scalar)
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
