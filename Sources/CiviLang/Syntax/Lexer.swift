/// Turns source bytes into tokens. Newlines inside `(` or `[` are dropped (the statement
/// continues); inside `{` they separate statements, and record literals skip them.
struct Lexer {
    private let bytes: [UInt8]
    private var pos: Int
    private let end: Int
    private var brackets: [UInt8] = []
    /// How many `${` this lexer is inside: lexing a nested string recurses, so it is bounded.
    private var interpolations = 0

    /// Lexes `bytes[start..<end]` (a whole file, or the code of one `${...}`).
    init(bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        pos = start
        self.end = end ?? bytes.count
    }

    /// All tokens up to and including `.eof`; stops at the first lexical error.
    mutating func tokenize() -> (tokens: [Token], issue: SyntaxIssue?) {
        var out: [Token] = []
        while true {
            do {
                let t = try next()
                if t.kind == .newline, out.last?.kind == .newline || out.isEmpty { continue }
                out.append(t)
                if t.kind == .eof { return (out, nil) }
            } catch let issue as SyntaxIssue {
                out.append(Token(kind: .eof, range: SourceRange(start: end, end: end)))
                return (out, issue)
            } catch {
                out.append(Token(kind: .eof, range: SourceRange(start: end, end: end)))
                return (out, SyntaxIssue(message: "\(error)", range: SourceRange(start: pos, end: pos)))
            }
        }
    }

    private func peek(_ k: Int = 0) -> UInt8 { pos + k < end ? bytes[pos + k] : 0 }

    private mutating func next() throws -> Token {
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                pos += 1
            } else if c == UInt8(ascii: "#") {
                while pos < end, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else if c == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\n") {
                pos += 2
            } else if c == UInt8(ascii: "\n") {
                pos += 1
                if let top = brackets.last, top != UInt8(ascii: "{") { continue }
                return Token(kind: .newline, range: SourceRange(start: pos - 1, end: pos))
            } else {
                break
            }
        }
        let start = pos
        guard pos < end else { return Token(kind: .eof, range: SourceRange(start: end, end: end)) }
        let c = bytes[pos]
        if isIdentStart(c) {
            while pos < end, isIdentPart(bytes[pos]) { pos += 1 }
            let word = String(decoding: bytes[start..<pos], as: UTF8.self)
            let kind: TokenKind = Keyword(rawValue: word).map { .keyword($0) } ?? .identifier(word)
            return Token(kind: kind, range: SourceRange(start: start, end: pos))
        }
        if isDigit(c) { return try number() }
        if c == UInt8(ascii: "\"") { return try string() }
        if c == UInt8(ascii: "'") { return try rawString() }
        return try symbol()
    }

    private mutating func symbol() throws -> Token {
        let start = pos
        let two = pos + 1 < end ? String(decoding: bytes[pos..<pos + 2], as: UTF8.self) : ""
        let twos: Set<String> = ["==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "=>", "??", "=~"]
        if twos.contains(two) {
            pos += 2
            return Token(kind: .symbol(two), range: SourceRange(start: start, end: pos))
        }
        let c = bytes[pos]
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): brackets.append(c)
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): if !brackets.isEmpty { brackets.removeLast() }
        default: break
        }
        let singles = Array("()[]{},:;.|=<>+-*/%?".utf8)
        guard singles.contains(c) else {
            let ch = String(decoding: bytes[pos..<min(end, pos + utf8Length(c))], as: UTF8.self)
            throw SyntaxIssue(message: "unexpected character `\(ch)`", range: SourceRange(start: pos, end: pos + 1),
                              hint: ch == "&" || ch == "!" ? "use `and`, `or`, `not`" : nil)
        }
        pos += 1
        return Token(kind: .symbol(String(UnicodeScalar(c))), range: SourceRange(start: start, end: pos))
    }

    private mutating func number() throws -> Token {
        let start = pos
        var text = ""
        var isFloat = false
        func digits() {
            while pos < end, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") {
                if bytes[pos] != UInt8(ascii: "_") { text.unicodeScalars.append(UnicodeScalar(bytes[pos])) }
                pos += 1
            }
        }
        digits()
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            isFloat = true
            text += "."
            pos += 1
            digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let signed = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            if isDigit(peek(signed ? 2 : 1)) {
                isFloat = true
                text += "e"
                if signed { text.unicodeScalars.append(UnicodeScalar(peek(1))) }
                pos += signed ? 2 : 1
                digits()
            }
        }
        let range = SourceRange(start: start, end: pos)
        if pos < end, isIdentStart(bytes[pos]) {
            throw SyntaxIssue(message: "malformed number", range: SourceRange(start: start, end: pos + 1))
        }
        if isFloat {
            guard let d = Double(text) else { throw SyntaxIssue(message: "malformed number", range: range) }
            return Token(kind: .float(d), range: range)
        }
        guard let i = Int(text) else {
            throw SyntaxIssue(message: "integer literal is too large for 64 bits", range: range,
                              hint: "write it as a float, e.g. \(text).0")
        }
        return Token(kind: .int(i), range: range)
    }

    private mutating func rawString() throws -> Token {
        let start = pos
        pos += 1
        while pos < end, bytes[pos] != UInt8(ascii: "'") { pos += 1 }
        guard pos < end else {
            throw SyntaxIssue(message: "unterminated string", range: SourceRange(start: start, end: start + 1),
                              hint: "unterminated string started here", incomplete: true)
        }
        let text = String(decoding: bytes[(start + 1)..<pos], as: UTF8.self)
        pos += 1
        return Token(kind: .string([.text(text)]), range: SourceRange(start: start, end: pos))
    }

    private mutating func string() throws -> Token {
        let start = pos
        let triple = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        pos += triple ? 3 : 1
        if triple, peek() == UInt8(ascii: "\n") { pos += 1 }
        var pieces: [StringPiece] = []
        var buf: [UInt8] = []
        func flush() {
            if !buf.isEmpty { pieces.append(.text(String(decoding: buf, as: UTF8.self))) }
            buf.removeAll()
        }
        let unterminated = SyntaxIssue(message: "unterminated string", range: SourceRange(start: start, end: start + (triple ? 3 : 1)),
                                       hint: "unterminated string started here", incomplete: true)
        while true {
            guard pos < end else { throw unterminated }
            let c = bytes[pos]
            if triple, c == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                pos += 3
                break
            }
            if !triple, c == UInt8(ascii: "\"") {
                pos += 1
                break
            }
            if !triple, c == UInt8(ascii: "\n") { throw unterminated }
            if c == UInt8(ascii: "\\") {
                try escape(into: &buf)
            } else if c == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                flush()
                pieces.append(.code(try interpolation()))
            } else {
                buf.append(c)
                pos += 1
            }
        }
        flush()
        return Token(kind: .string(pieces), range: SourceRange(start: start, end: pos))
    }

    /// Skips a `${ ... }`, lexing inside it so nested strings and braces are matched.
    private mutating func interpolation() throws -> SourceRange {
        let open = pos
        pos += 2
        let codeStart = pos
        var sub = Lexer(bytes: bytes, start: pos, end: end)
        sub.interpolations = interpolations + 1
        if sub.interpolations > Parser.maxDepth {
            throw SyntaxIssue(message: "nesting too deep (more than \(Parser.maxDepth) levels of `${` in strings)",
                              range: SourceRange(start: open, end: open + 2), hint: "build the string in steps with variables")
        }
        var depth = 0
        while true {
            let t = try sub.next()
            switch t.kind {
            case .eof:
                throw SyntaxIssue(message: "unterminated `${` in string", range: SourceRange(start: open, end: open + 2),
                                  hint: "close it with `}`", incomplete: true)
            case .symbol("{"): depth += 1
            case .symbol("}"):
                if depth == 0 {
                    pos = t.range.end
                    return SourceRange(start: codeStart, end: t.range.start)
                }
                depth -= 1
            default: break
            }
        }
    }

    private mutating func escape(into buf: inout [UInt8]) throws {
        let start = pos
        pos += 1
        guard pos < end else { throw SyntaxIssue(message: "unterminated string", range: SourceRange(start: start, end: pos), incomplete: true) }
        let c = bytes[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "n"): buf.append(10)
        case UInt8(ascii: "t"): buf.append(9)
        case UInt8(ascii: "r"): buf.append(13)
        case UInt8(ascii: "0"): buf.append(0)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "'"): buf.append(c)
        case UInt8(ascii: "u"):
            guard peek() == UInt8(ascii: "{") else { throw badEscape(start) }
            pos += 1
            var hex = ""
            while pos < end, bytes[pos] != UInt8(ascii: "}"), hex.count < 9 {
                hex.unicodeScalars.append(UnicodeScalar(bytes[pos]))
                pos += 1
            }
            guard peek() == UInt8(ascii: "}"), let v = UInt32(hex, radix: 16), let scalar = UnicodeScalar(v) else {
                throw SyntaxIssue(message: "bad unicode escape", range: SourceRange(start: start, end: pos),
                                  hint: "write \\u{1F600}: 1 to 8 hex digits of a valid code point")
            }
            pos += 1
            buf.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw badEscape(start)
        }
    }

    private func badEscape(_ start: Int) -> SyntaxIssue {
        SyntaxIssue(message: "unknown escape sequence", range: SourceRange(start: start, end: min(end, start + 2)),
                    hint: "escapes are \\n \\t \\r \\\" \\\\ \\$ \\u{...}; use '...' for raw text")
    }
}

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
private func isIdentStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
}
private func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
private func utf8Length(_ lead: UInt8) -> Int { lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }
