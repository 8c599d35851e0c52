/// Recursive-descent parser for statements; expressions and stages are in the extensions.
/// Collects up to `maxIssues` errors, resynchronising at the next statement after each one.
struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var pos = 0
    var issues: [SyntaxIssue] = []
    var depth = 0
    static let maxDepth = 256
    static let maxIssues = 5

    /// Lexes `file` (or just `range` of it, for `${...}` code).
    init(file: SourceFile, range: SourceRange? = nil) {
        self.file = file
        var lexer = Lexer(bytes: file.bytes, start: range?.start ?? 0, end: range?.end)
        let (tokens, issue) = lexer.tokenize()
        self.tokens = tokens
        if let issue { issues.append(issue) }
    }

    /// Parses a whole chunk: statements until the end of input.
    mutating func parseChunk() -> [Stmt] {
        var out: [Stmt] = []
        let lexIssue = !issues.isEmpty
        while true {
            skipSeparators()
            if peek.kind == .eof || issues.count >= Parser.maxIssues { break }
            do {
                out.append(try statement())
                try endOfStatement()
            } catch let issue as SyntaxIssue {
                issues.append(issue)
                if issue.message.hasPrefix("nesting") || issue.message.hasPrefix("expression nested") { break }
                recover()
            } catch {
                break
            }
        }
        // A lexical error truncates the tokens: parse errors after it would be noise, those before it stand.
        if lexIssue, let lexical = issues.first {
            let before = issues.dropFirst().filter { $0.range.start < lexical.range.start }
            issues = Array(before.prefix(Parser.maxIssues - 1)) + [lexical]
        }
        return out
    }

    // MARK: tokens

    var peek: Token { tokens[pos] }
    func peek(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    mutating func accept(_ symbol: String) -> Bool {
        if peek.isSymbol(symbol) {
            advance()
            return true
        }
        return false
    }

    mutating func acceptKeyword(_ k: Keyword) -> Bool {
        if peek.isKeyword(k) {
            advance()
            return true
        }
        return false
    }

    mutating func expect(_ symbol: String, _ what: String) throws -> Token {
        if peek.isSymbol(symbol) { return advance() }
        throw unexpected(expecting: what)
    }

    mutating func skipNewlines() {
        while peek.kind == .newline { advance() }
    }

    mutating func skipSeparators() {
        while peek.kind == .newline || peek.isSymbol(";") { advance() }
    }

    /// An error for the current token; at end of input it is marked incomplete.
    func unexpected(expecting what: String, hint: String? = nil) -> SyntaxIssue {
        let t = peek
        if t.kind == .eof {
            return SyntaxIssue(message: "unexpected end of input, expected \(what)", range: t.range, hint: hint, incomplete: true)
        }
        return SyntaxIssue(message: "expected \(what), found \(t.describe)", range: t.range, hint: hint)
    }

    func identifier(_ t: Token) -> String? {
        if case .identifier(let s) = t.kind { return s }
        return nil
    }

    /// Skips to the start of the next statement, keeping brackets balanced.
    mutating func recover() {
        var level = 0
        while peek.kind != .eof {
            let t = peek
            if level == 0, t.kind == .newline || t.isSymbol(";") { return }
            if t.isSymbol("{") || t.isSymbol("(") || t.isSymbol("[") { level += 1 }
            if t.isSymbol("}") || t.isSymbol(")") || t.isSymbol("]") {
                if level == 0 {
                    advance()
                    return
                }
                level -= 1
            }
            advance()
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw SyntaxIssue(message: "nesting too deep (more than \(Parser.maxDepth) levels)", range: peek.range,
                              hint: "split the expression into smaller parts with variables")
        }
    }

    mutating func leave() { depth -= 1 }

    /// The tallest syntax tree accepted (see `ASTHeight.swift`). `maxDepth` bounds the parser's own
    /// recursion; this bounds every later pass, including over chains the parser builds in a loop.
    static let maxHeight = 1_000

    /// `e`, or an error at `range` when `e` is taller than `maxHeight`.
    func bounded(_ e: Expr, at range: SourceRange) throws -> Expr {
        guard e.height > Parser.maxHeight else { return e }
        throw tooDeep(at: range)
    }

    func tooDeep(at range: SourceRange) -> SyntaxIssue {
        SyntaxIssue(message: "expression nested too deeply (limit \(Parser.maxHeight))", range: range,
                    hint: "split it into smaller parts with variables, or build the value in a loop")
    }

    // MARK: statements

    mutating func endOfStatement() throws {
        let t = peek
        if t.kind == .newline || t.isSymbol(";") || t.isSymbol("}") || t.kind == .eof { return }
        if t.isSymbol("=") {
            throw SyntaxIssue(message: "cannot assign to this expression", range: t.range,
                              hint: "assign to a variable, a field (`r.f = v`) or an index (`xs[i] = v`); did you mean `==`?")
        }
        throw unexpected(expecting: "end of statement (a new line or `;`)")
    }

    mutating func statement() throws -> Stmt {
        let start = peek.range
        switch peek.kind {
        case .keyword(.fn) where identifier(peek(1)) != nil:
            advance()
            let name = identifier(advance()) ?? ""
            let params = try parameterList()
            let body = try block()
            return Stmt(kind: .function(name: name, params: params, body: body), range: start.to(body.range))
        case .keyword(.for):
            advance()
            guard let name = identifier(peek) else { throw unexpected(expecting: "a loop variable name") }
            advance()
            guard acceptKeyword(.in) else { throw unexpected(expecting: "`in`") }
            let sequence = try condition()
            let body = try block()
            return Stmt(kind: .forIn(name: name, sequence: sequence, body: body), range: start.to(body.range))
        case .keyword(.while):
            advance()
            let cond = try condition()
            let body = try block()
            return Stmt(kind: .whileLoop(condition: cond, body: body), range: start.to(body.range))
        case .identifier("use") where isStringToken(peek(1)):
            advance()
            let t = advance()
            guard case .string(let pieces) = t.kind, pieces.count <= 1 else {
                throw SyntaxIssue(message: "the path after `use` must be a plain string, without ${...}", range: t.range)
            }
            var path = ""
            if case .text(let s)? = pieces.first { path = s }
            return Stmt(kind: .use(path: path), range: start.to(t.range))
        case .keyword(.break):
            advance()
            return Stmt(kind: .breakLoop, range: start)
        case .keyword(.continue):
            advance()
            return Stmt(kind: .continueLoop, range: start)
        case .keyword(.return):
            advance()
            let t = peek
            if t.kind == .newline || t.kind == .eof || t.isSymbol(";") || t.isSymbol("}") {
                return Stmt(kind: .returnValue(nil), range: start)
            }
            let value = try expression()
            return Stmt(kind: .returnValue(value), range: start.to(value.range))
        default:
            let target = try expression()
            for op in ["=", "+=", "-=", "*=", "/="] where peek.isSymbol(op) {
                advance()
                guard isAssignable(target) else {
                    throw SyntaxIssue(message: "cannot assign to this expression", range: target.range,
                                      hint: op == "=" ? "did you mean `==`?" : "assign to a variable, field or index")
                }
                skipNewlines()
                let value = try expression()
                return Stmt(kind: .assign(target: target, op: AssignOp(rawValue: op), value: value), range: start.to(value.range))
            }
            return Stmt(kind: .expr(target), range: target.range)
        }
    }

    func isStringToken(_ t: Token) -> Bool {
        if case .string = t.kind { return true }
        return false
    }

    func isAssignable(_ e: Expr) -> Bool {
        switch e.kind {
        case .name: true
        case .field(let base, _), .index(let base, _): isAssignable(base)
        default: false
        }
    }

    mutating func parameterList() throws -> [String] {
        _ = try expect("(", "`(` and the parameter list")
        var params: [String] = []
        skipNewlines()
        while !peek.isSymbol(")") {
            guard let p = identifier(peek) else { throw unexpected(expecting: "a parameter name") }
            if params.contains(p) {
                throw SyntaxIssue(message: "duplicate parameter `\(p)`", range: peek.range)
            }
            params.append(p)
            advance()
            skipNewlines()
            if !accept(",") { break }
            skipNewlines()
        }
        _ = try expect(")", "`)` after the parameters")
        return params
    }

    /// A condition (of `if`, `while`, or the sequence of `for`), with a hint for `=` typos.
    mutating func condition() throws -> Expr {
        let e = try expression()
        if peek.isSymbol("=") {
            throw SyntaxIssue(message: "unexpected `=` in a condition", range: peek.range, hint: "did you mean `==`?")
        }
        return e
    }

    mutating func block() throws -> Block {
        let open = peek.range
        guard accept("{") else { throw unexpected(expecting: "`{`") }
        try enter()
        defer { leave() }
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if peek.isSymbol("}") { break }
            if peek.kind == .eof {
                throw SyntaxIssue(message: "unexpected end of input, expected `}`", range: peek.range,
                                  hint: "the block opened here is not closed", incomplete: true)
            }
            statements.append(try statement())
            try endOfStatement()
        }
        let close = advance()
        let b = Block(statements: statements, range: open.to(close.range))
        if b.height > Parser.maxHeight { throw tooDeep(at: open) }
        return b
    }
}
