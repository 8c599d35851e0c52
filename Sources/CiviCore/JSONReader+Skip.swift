/// Reading an object for only some of its fields: the others are checked for syntax exactly as
/// `parseValue` would check them (same errors, same positions) but build nothing.
extension JSONByteParser {
    /// The value at the cursor; an object keeps only the keys of `fields` (a non-object is read
    /// whole). `depth` is the depth `parseValue` would be called with.
    mutating func parseProjected(depth: Int, _ fields: inout FieldPicker) throws(JSONError) -> Value {
        guard i < buf.count, buf[i] == UInt8(ascii: "{") else { return try parseValue(depth: depth) }
        let depth = depth + 1
        if depth > options.maxDepth { throw error("JSON nested deeper than \(options.maxDepth) levels") }
        i += 1
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "}") {
            i += 1
            return .record(Record(shape: emptyRecordShape(), values: []))
        }
        fields.begin()
        while true {
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            guard buf[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let slot = fields.slot(of: try stringContent())
            skipWhitespace()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            i += 1
            skipWhitespace()
            if let slot {
                if fields.isDate(slot), options.convertDates, i < buf.count, buf[i] == UInt8(ascii: "\"") {
                    let text = try stringContent()
                    fields.found(slot, Instant.parse(text).map(Value.date) ?? .string(String(decoding: text, as: UTF8.self)))
                } else {
                    fields.found(slot, try parseValue(depth: depth))
                }
            } else {
                try skipValue(depth: depth)
            }
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}' in an object")
        }
        return .record(fields.record(shapes, resource: options.resource))
    }

    /// Checks the value at the cursor and moves past it, building nothing. A value nested deeper
    /// than `skipDepthLimit` is reported as an error: a reader that skips fields cannot tell how
    /// deep the record would have been, so its caller reads the document whole instead.
    mutating func skipValue(depth: Int) throws(JSONError) {
        guard i < buf.count else { throw error("unexpected end of JSON input") }
        switch buf[i] {
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try stringContent()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(buf[i]))'")
        }
    }

    /// The deepest a skipped value may go (see `skipValue`), well inside `Value.maxNesting`.
    static var skipDepthLimit: Int { Value.maxNesting / 2 }

    private mutating func skipObject(depth: Int) throws(JSONError) {
        if depth > options.maxDepth { throw error("JSON nested deeper than \(options.maxDepth) levels") }
        if depth > Self.skipDepthLimit { throw error("nested too deep to skip") }
        i += 1
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            guard buf[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            _ = try stringContent()
            skipWhitespace()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            i += 1
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an object") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "}") { i += 1; return }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func skipArray(depth: Int) throws(JSONError) {
        if depth > options.maxDepth { throw error("JSON nested deeper than \(options.maxDepth) levels") }
        if depth > Self.skipDepthLimit { throw error("nested too deep to skip") }
        i += 1
        skipWhitespace()
        if i < buf.count, buf[i] == UInt8(ascii: "]") { i += 1; return }
        while true {
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
            guard i < buf.count else { throw error("unexpected end of JSON input inside an array") }
            if buf[i] == UInt8(ascii: ",") { i += 1; continue }
            if buf[i] == UInt8(ascii: "]") { i += 1; return }
            throw error("expected ',' or ']' in an array")
        }
    }
}
