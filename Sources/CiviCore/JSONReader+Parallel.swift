/// Reading a large top-level array of objects on two cores: a helper thread parses from a
/// record boundary guessed near the middle while this thread parses from the start; the guess
/// counts only when this thread's own parse ends an element exactly there, so a `},{` inside a
/// string never splits the input (the helper's work is then dropped and parsing goes on here).
/// The result, errors included, is the same as the one-pass parse; only the helper's records
/// carry shapes of their own cache (equal keys, another `Shape` object).
enum ParallelArrayReader {
    /// Inputs smaller than this are parsed on one thread: starting a thread costs more than it saves.
    static let threshold = 8 << 20

    /// The document in `buf` when it is an array that could be split; nil to parse it in one pass.
    static func read(_ buf: UnsafeBufferPointer<UInt8>, options: JSONReader.Options,
                     shapes: ShapeCache) throws(JSONError) -> Value? {
        var p = JSONByteParser(buf: buf, options: options, shapes: shapes)
        p.skipWhitespace()
        guard p.i < buf.count, buf[p.i] == UInt8(ascii: "["), options.maxDepth >= 1,
              let (comma, start) = boundary(in: buf, near: buf.count / 2) else { return nil }

        let tail = TailParse(buf: buf, start: start, options: options)
        let helper = HelperThread { tail.run() }
        defer { helper.join() }

        p.i += 1
        var head: [Value] = []
        p.skipWhitespace()
        if p.i < buf.count, buf[p.i] == UInt8(ascii: "]") { return nil }
        while true {
            p.skipWhitespace()
            head.append(try p.parseValue(depth: 1))
            p.skipWhitespace()
            guard p.i < buf.count else { throw p.error("unexpected end of JSON input inside an array") }
            if p.i == comma {
                // The guess was a real boundary: the helper's records follow these.
                helper.join()
                switch tail.result {
                case .success(let rest)?: return .list(head + rest)
                case .failure(let error)?: throw error
                case nil: return nil
                }
            }
            if buf[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
            if buf[p.i] == UInt8(ascii: "]") { p.i += 1; break }
            throw p.error("expected ',' or ']' in an array")
        }
        // The guess was inside a string: this thread read the whole array itself.
        p.skipWhitespace()
        if p.i != buf.count { throw p.error("unexpected content after the JSON value") }
        return .list(head)
    }

    /// A `}` `,` `{` (whitespace allowed between) at or after `middle`: the comma's offset and
    /// the `{`'s. Looks at most 1 MB ahead; nil when there is none (the items are not objects).
    static func boundary(in buf: UnsafeBufferPointer<UInt8>, near middle: Int) -> (Int, Int)? {
        let end = min(buf.count, middle + (1 << 20))
        var k = middle
        while k < end {
            if buf[k] == UInt8(ascii: "}") {
                var c = k + 1
                while c < end, isSpace(buf[c]) { c += 1 }
                if c < end, buf[c] == UInt8(ascii: ",") {
                    var o = c + 1
                    while o < end, isSpace(buf[o]) { o += 1 }
                    if o < end, buf[o] == UInt8(ascii: "{") { return (c, o) }
                }
            }
            k += 1
        }
        return nil
    }

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 13 || b == 9 }
}

/// The helper's half: the array's items from `start` to its `]`, then nothing but whitespace.
private final class TailParse: @unchecked Sendable {
    // The buffer outlives the helper: the reader joins it before the buffer goes away.
    private let buf: UnsafeBufferPointer<UInt8>
    private let start: Int
    private let options: JSONReader.Options
    private(set) var result: Result<[Value], JSONError>?

    init(buf: UnsafeBufferPointer<UInt8>, start: Int, options: JSONReader.Options) {
        self.buf = buf
        self.start = start
        self.options = options
    }

    func run() {
        var p = JSONByteParser(buf: buf, options: options, shapes: ShapeCache())
        p.i = start
        var items: [Value] = []
        do throws(JSONError) {
            while true {
                p.skipWhitespace()
                items.append(try p.parseValue(depth: 1))
                p.skipWhitespace()
                guard p.i < buf.count else { throw p.error("unexpected end of JSON input inside an array") }
                if buf[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                if buf[p.i] == UInt8(ascii: "]") { p.i += 1; break }
                throw p.error("expected ',' or ']' in an array")
            }
            p.skipWhitespace()
            if p.i != buf.count { throw p.error("unexpected content after the JSON value") }
            result = .success(items)
        } catch {
            result = .failure(error)
        }
    }
}
