/// Splits CSV bytes into rows one at a time, pulling the bytes in chunks, so that a file is never
/// held whole: a row is parsed as soon as its bytes arrive. The rules are `CSVReader`'s.
struct CSVRowReader {
    /// Gives the next chunk of bytes, or nil at the end.
    typealias Chunks = () throws(LibraryError) -> [UInt8]?

    private var chunk: [UInt8]
    private var at = 0
    private var finished = false
    private let more: Chunks
    private var line = 1
    private var field: [UInt8] = []

    /// A reader over chunks from `more` (the first is taken now, to skip a byte-order mark).
    init(_ more: @escaping Chunks) throws(LibraryError) {
        self.more = more
        chunk = []
        // The mark is 3 bytes, which a tiny first chunk may split.
        while chunk.count < 3, let next = try more() { chunk += next }
        if chunk.count < 3 { finished = true }
        if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }
    }

    /// A reader over bytes already in memory.
    init(bytes: [UInt8]) throws(LibraryError) {
        var given = false
        try self.init { () throws(LibraryError) -> [UInt8]? in
            defer { given = true }
            return given ? nil : bytes
        }
    }

    @inline(__always)
    private mutating func peek() throws(LibraryError) -> UInt8? {
        if at < chunk.count { return chunk[at] }
        return try refill()
    }

    private mutating func refill() throws(LibraryError) -> UInt8? {
        while !finished, at >= chunk.count {
            if let next = try more() {
                chunk = next
                at = 0
            } else {
                finished = true
            }
        }
        return at < chunk.count ? chunk[at] : nil
    }

    /// The next non-blank row with the line it starts on, or nil at the end.
    mutating func next() throws(LibraryError) -> (line: Int, fields: [String])? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr: UInt8 = 13, lf: UInt8 = 10
        var fields: [String] = []
        var rowLine = line
        var atFieldStart = true
        var rowHasContent = false
        field.removeAll(keepingCapacity: true)

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }

        while let c = try peek() {
            if c == quote && atFieldStart {
                let openLine = line
                rowHasContent = true
                atFieldStart = false
                at += 1
                while true {
                    guard let q = try peek() else { throw LibraryError("line \(openLine): a quoted field is never closed") }
                    at += 1
                    if q == quote {
                        if try peek() == quote {
                            field.append(quote)
                            at += 1
                            continue
                        }
                        break
                    }
                    if q == lf { line += 1 } else if q == cr, try peek() != lf { line += 1 }
                    field.append(q)
                }
                if let n = try peek(), n != comma, n != lf, n != cr {
                    throw LibraryError("line \(line): unexpected text after a closing quote",
                                       hint: "a quote inside a quoted field is written as two quotes (\"\")")
                }
                continue
            }
            switch c {
            case comma:
                endField()
                rowHasContent = true
                atFieldStart = true
                at += 1
            case lf, cr:
                at += 1
                if c == cr, try peek() == lf { at += 1 }
                line += 1
                if rowHasContent {
                    endField()
                    return (rowLine, fields)
                }
                // A blank line: no row, start again on the next line.
                fields.removeAll()
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
                rowLine = line
            default:
                field.append(c)
                rowHasContent = true
                atFieldStart = false
                at += 1
            }
        }
        if rowHasContent {
            endField()
            return (rowLine, fields)
        }
        return nil
    }
}
