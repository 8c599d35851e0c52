import CiviCore

/// Compound literals and expression forms with blocks: lambdas, `if`, `try`, lists, records, strings.
extension Parser {
    /// If `(` starts a lambda's parameter list (`(a, b) =>`), consumes it and returns the names.
    mutating func lambdaParameters() -> [String]? {
        var k = 1
        var names: [String] = []
        while true {
            let t = peek(k)
            if t.isSymbol(")") { break }
            guard let n = identifier(t) else { return nil }
            names.append(n)
            k += 1
            if peek(k).isSymbol(",") { k += 1 } else if !peek(k).isSymbol(")") { return nil }
        }
        guard peek(k + 1).isSymbol("=>") else { return nil }
        pos += k + 1
        return names
    }

    mutating func lambdaBody(params: [String], start: SourceRange) throws -> Expr {
        _ = try expect("=>", "`=>`")
        skipNewlines()
        if peek.isSymbol("{") {
            let body = try block()
            return try bounded(Expr(kind: .lambda(params: params, body: body), range: start.to(body.range)), at: start)
        }
        // `x => x => ...` recurses without a bracket: count it as one.
        try enter()
        defer { leave() }
        let value = try coalesce()
        let body = Block(statements: [Stmt(kind: .expr(value), range: value.range)], range: value.range)
        return try bounded(Expr(kind: .lambda(params: params, body: body), range: start.to(value.range)), at: start)
    }

    mutating func ifExpression() throws -> Expr {
        let start = advance().range
        var branches: [(condition: Expr, body: Block)] = []
        var otherwise: Block?
        var end = start
        while true {
            let cond = try condition()
            let body = try block()
            branches.append((cond, body))
            end = body.range
            // Each `else if` is a level of the tree (see `ASTHeight.swift`): stop a long chain early.
            if branches.count > Parser.maxHeight { throw tooDeep(at: cond.range) }
            if peek.kind == .newline, peek(1).isKeyword(.else) { advance() }
            guard acceptKeyword(.else) else { break }
            if acceptKeyword(.if) { continue }
            let last = try block()
            otherwise = last
            end = last.range
            break
        }
        return try bounded(Expr(kind: .ifElse(branches: branches, otherwise: otherwise), range: start.to(end)), at: end)
    }

    mutating func tryExpression() throws -> Expr {
        let start = advance().range
        let body = try block()
        if peek.kind == .newline, peek(1).isKeyword(.catch) { advance() }
        guard acceptKeyword(.catch) else { throw unexpected(expecting: "`catch` after the `try` block") }
        var name: String?
        if let n = identifier(peek) {
            name = n
            advance()
        }
        let handler = try block()
        return try bounded(Expr(kind: .tryCatch(body: body, name: name, handler: handler), range: start.to(handler.range)), at: start)
    }

    mutating func listLiteral() throws -> Expr {
        let open = advance().range
        try enter()
        defer { leave() }
        var items: [Expr] = []
        skipNewlines()
        while !peek.isSymbol("]") {
            items.append(try expression())
            skipNewlines()
            if !accept(",") { break }
            skipNewlines()
        }
        let close = try expect("]", "`]` or `,` in the list")
        return try bounded(Expr(kind: .list(items), range: open.to(close.range)), at: open)
    }

    mutating func recordLiteral() throws -> Expr {
        let open = advance().range
        try enter()
        defer { leave() }
        var fields: [(key: String, value: Expr)] = []
        skipNewlines()
        while !peek.isSymbol("}") {
            let keyToken = peek
            let key: String
            if case .string(let pieces) = keyToken.kind {
                guard pieces.count <= 1, case .text(let s) = pieces.first ?? .text("") else {
                    throw SyntaxIssue(message: "a record key cannot be interpolated", range: keyToken.range)
                }
                key = s
            } else if let n = fieldName(keyToken) {
                key = n
            } else {
                throw unexpected(expecting: "a field name")
            }
            advance()
            if fieldName(keyToken) != nil, peek.isSymbol(",") || peek.isSymbol("}") || peek.kind == .newline {
                fields.append((key, Expr(kind: .name(key), range: keyToken.range)))
            } else {
                _ = try expect(":", "`:` after the field name")
                skipNewlines()
                fields.append((key, try expression()))
            }
            skipNewlines()
            if !accept(",") { break }
            skipNewlines()
        }
        let close = try expect("}", "`}` or `,` in the record")
        return try bounded(Expr(kind: .record(fields), range: open.to(close.range)), at: open)
    }

    mutating func stringLiteral(_ pieces: [StringPiece], range: SourceRange) throws -> Expr {
        var parts: [InterpolationPart] = []
        for piece in pieces {
            switch piece {
            case .text(let s): parts.append(.text(s))
            case .code(let r):
                var sub = Parser(file: file, range: r)
                sub.depth = depth
                sub.skipNewlines()
                if sub.peek.kind == .eof {
                    throw SyntaxIssue(message: "empty `${}` in string", range: SourceRange(start: r.start - 2, end: r.end + 1))
                }
                if let issue = sub.issues.first { throw issue }
                let e = try sub.expression()
                sub.skipNewlines()
                if sub.peek.kind != .eof { throw sub.unexpected(expecting: "`}` to end the interpolation") }
                parts.append(.expr(e))
            }
        }
        if parts.isEmpty { return Expr(kind: .literal(.string("")), range: range) }
        if parts.count == 1, case .text(let s) = parts[0] { return Expr(kind: .literal(.string(s)), range: range) }
        return Expr(kind: .interpolated(parts), range: range)
    }
}
