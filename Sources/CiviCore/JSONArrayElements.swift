/// The items of a JSON document whose top level is an array, read one at a time and handed on,
/// so a query over a large file never holds more than one item (`read_json(F) | where ... |
/// count`). With `fields`, objects keep only those keys and skip the rest of their values
/// (checked, not built). Items are validated exactly as `JSONReader.read` validates them; an
/// error is the same `JSONError` at the same place, thrown when the reader gets there.
public enum JSONArrayElements {
    /// Whether the document's first non-blank byte opens an array.
    public static func isArray(_ bytes: [UInt8]) -> Bool {
        for b in bytes {
            if b == 32 || b == 10 || b == 13 || b == 9 { continue }
            return b == UInt8(ascii: "[")
        }
        return false
    }

    /// Calls `body` with each item of the array in `bytes` (see `isArray`) until it returns
    /// false, then checks the rest of the document. `fields`: the object keys to keep (nil: all).
    /// Throws `JSONError` for bad JSON (including a skipped value nested deeper than
    /// `JSONByteParser.skipDepthLimit`: the caller should then read the whole document), and
    /// whatever `body` throws.
    public static func forEach(_ bytes: [UInt8], fields: [String]?, options: JSONReader.Options = JSONReader.Options(),
                               _ body: (Value) throws -> Bool) throws {
        var picker = fields.map(FieldPicker.init)
        try bytes.withUnsafeBufferPointer { buf in
            var p = JSONByteParser(buf: buf, options: options, shapes: ShapeCache())
            p.skipWhitespace()
            guard p.i < buf.count, buf[p.i] == UInt8(ascii: "[") else { throw p.error("expected an array") }
            if options.maxDepth < 1 { throw p.error("JSON nested deeper than \(options.maxDepth) levels") }
            p.i += 1
            p.skipWhitespace()
            if p.i < buf.count, buf[p.i] == UInt8(ascii: "]") {
                p.i += 1
                try p.endOfDocument()
                return
            }
            while true {
                p.skipWhitespace()
                let item = if picker != nil { try p.parseProjected(depth: 1, &picker!) } else { try p.parseValue(depth: 1) }
                let last = try p.afterItem()
                if !(try body(item)) {
                    if !last { try p.skipItems() }
                    return
                }
                if last { return }
            }
        }
    }
}

extension JSONByteParser {
    /// Past the separator after an array item: true when it was the closing `]` (and only
    /// blanks follow the document).
    @inline(__always)
    fileprivate mutating func afterItem() throws(JSONError) -> Bool {
        skipWhitespace()
        guard i < buf.count else { throw error("unexpected end of JSON input inside an array") }
        if buf[i] == UInt8(ascii: ",") {
            i += 1
            return false
        }
        if buf[i] == UInt8(ascii: "]") {
            i += 1
            try endOfDocument()
            return true
        }
        throw error("expected ',' or ']' in an array")
    }

    /// Checks the remaining items of the top-level array (after a `,`) and the end of the document.
    fileprivate mutating func skipItems() throws(JSONError) {
        while true {
            skipWhitespace()
            try skipValue(depth: 1)
            if try afterItem() { return }
        }
    }

    /// Nothing but blanks may follow the document's value.
    fileprivate mutating func endOfDocument() throws(JSONError) {
        skipWhitespace()
        if i != buf.count { throw error("unexpected content after the JSON value") }
    }
}
