import CiviCore

/// Expressions, loosest first: pipeline, `??`, `or`, `and`, `not`, comparisons, `+ -`, `* / %`,
/// unary `-`, then call / field / index.
extension Parser {
    /// A full expression, pipelines included.
    mutating func expression() throws -> Expr {
        try enter()
        defer { leave() }
        var lhs = try coalesce()
        while true {
            if peek.kind == .newline, peek(1).isSymbol("|") { advance() }
            guard accept("|") else { break }
            skipNewlines()
            let stage = try self.stage()
            lhs = try bounded(Expr(kind: .pipeline(lhs, stage), range: lhs.range.to(stage.range)), at: stage.range)
            if let op = binaryOperatorAhead() {
                throw SyntaxIssue(message: "`\(op)` after a pipeline stage", range: peek.range,
                                  hint: "`|` binds loosest: parenthesise the pipeline, e.g. `(xs | count) \(op) 2`")
            }
        }
        return lhs
    }

    func binaryOperatorAhead() -> String? {
        switch peek.kind {
        case .symbol(let s) where ["==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "??", "=~", "."].contains(s): s
        case .keyword(.and): "and"
        case .keyword(.or): "or"
        case .keyword(.in): "in"
        default: nil
        }
    }

    /// An expression without `|` (a stage argument, a lambda body).
    mutating func coalesce() throws -> Expr {
        var lhs = try orExpr()
        while accept("??") {
            skipNewlines()
            let rhs = try orExpr()
            lhs = try bounded(Expr(kind: .coalesce(lhs, rhs), range: lhs.range.to(rhs.range)), at: rhs.range)
        }
        return lhs
    }

    mutating func orExpr() throws -> Expr {
        var lhs = try andExpr()
        while acceptKeyword(.or) {
            skipNewlines()
            let rhs = try andExpr()
            lhs = try bounded(Expr(kind: .or(lhs, rhs), range: lhs.range.to(rhs.range)), at: rhs.range)
        }
        return lhs
    }

    mutating func andExpr() throws -> Expr {
        var lhs = try notExpr()
        while acceptKeyword(.and) {
            skipNewlines()
            let rhs = try notExpr()
            lhs = try bounded(Expr(kind: .and(lhs, rhs), range: lhs.range.to(rhs.range)), at: rhs.range)
        }
        return lhs
    }

    mutating func notExpr() throws -> Expr {
        let start = peek.range
        if acceptKeyword(.not) {
            try enter()
            defer { leave() }
            let operand = try notExpr()
            return try bounded(Expr(kind: .not(operand), range: start.to(operand.range)), at: start)
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        var lhs = try additive()
        while true {
            let op: BinaryOp
            switch peek.kind {
            case .symbol(let s) where ["==", "!=", "<", "<=", ">", ">=", "=~"].contains(s):
                guard let o = BinaryOp(rawValue: s) else { return lhs }
                op = o
            case .keyword(.in): op = .in
            default: return lhs
            }
            advance()
            skipNewlines()
            let rhs = try additive()
            lhs = try bounded(Expr(kind: .binary(op, lhs, rhs), range: lhs.range.to(rhs.range)), at: rhs.range)
        }
    }

    mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        while peek.isSymbol("+") || peek.isSymbol("-") {
            let op: BinaryOp = advance().isSymbol("+") ? .add : .sub
            skipNewlines()
            let rhs = try multiplicative()
            lhs = try bounded(Expr(kind: .binary(op, lhs, rhs), range: lhs.range.to(rhs.range)), at: rhs.range)
        }
        return lhs
    }

    mutating func multiplicative() throws -> Expr {
        var lhs = try unary()
        while peek.isSymbol("*") || peek.isSymbol("/") || peek.isSymbol("%") {
            let t = advance()
            let op: BinaryOp = t.isSymbol("*") ? .mul : t.isSymbol("/") ? .div : .rem
            skipNewlines()
            let rhs = try unary()
            lhs = try bounded(Expr(kind: .binary(op, lhs, rhs), range: lhs.range.to(rhs.range)), at: rhs.range)
        }
        return lhs
    }

    mutating func unary() throws -> Expr {
        let start = peek.range
        if accept("-") {
            try enter()
            defer { leave() }
            let operand = try unary()
            let range = start.to(operand.range)
            switch operand.kind {
            case .literal(.int(let i)) where i != Int.min: return Expr(kind: .literal(.int(-i)), range: range)
            case .literal(.float(let d)): return Expr(kind: .literal(.float(-d)), range: range)
            default: return try bounded(Expr(kind: .negate(operand), range: range), at: start)
            }
        }
        return try postfix()
    }

    mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            if peek.isSymbol(".") {
                advance()
                guard let name = fieldName(peek) else { throw unexpected(expecting: "a field name after `.`") }
                let t = advance()
                e = try bounded(fieldAccess(of: e, name, end: t.range), at: t.range)
            } else if peek.isSymbol("[") {
                advance()
                try enter()
                defer { leave() }
                let from = peek.isSymbol(":") ? nil : try expression()
                if let index = from, !peek.isSymbol(":") {
                    let close = try expect("]", "`]` or `:` (a slice: `xs[1:3]`)")
                    e = try bounded(Expr(kind: .index(e, index), range: e.range.to(close.range)), at: close.range)
                } else {
                    advance() // the `:`
                    let to = peek.isSymbol("]") ? nil : try expression()
                    let close = try expect("]", "`]`")
                    e = try bounded(Expr(kind: .slice(e, from: from, to: to), range: e.range.to(close.range)), at: close.range)
                }
            } else if peek.isSymbol("(") {
                let (args, close) = try arguments()
                e = try bounded(Expr(kind: .call(e, args), range: e.range.to(close)), at: close)
            } else {
                return e
            }
        }
    }

    /// `base.name`, or `base.name?` (optional: null when absent) when a `?` follows the name.
    mutating func fieldAccess(of base: Expr, _ name: String, end: SourceRange) -> Expr {
        if peek.isSymbol("?") {
            let mark = advance()
            return Expr(kind: .optionalField(base, name), range: base.range.to(mark.range))
        }
        return Expr(kind: .field(base, name), range: base.range.to(end))
    }

    func fieldName(_ t: Token) -> String? {
        switch t.kind {
        case .identifier(let s): s
        case .keyword(let k): k.rawValue
        default: nil
        }
    }

    /// `( args )` with optional `name:` labels.
    mutating func arguments() throws -> ([Argument], SourceRange) {
        _ = try expect("(", "`(`")
        try enter()
        defer { leave() }
        var args: [Argument] = []
        skipNewlines()
        while !peek.isSymbol(")") {
            let start = peek.range
            var name: String?
            if let n = identifier(peek), peek(1).isSymbol(":") {
                name = n
                advance()
                advance()
                skipNewlines()
            }
            let value = try expression()
            args.append(Argument(name: name, value: value, range: start.to(value.range)))
            skipNewlines()
            if !accept(",") { break }
            skipNewlines()
        }
        let close = try expect(")", "`)` or `,` in the argument list")
        return (args, close.range)
    }

    mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .int(let i):
            advance()
            return Expr(kind: .literal(.int(i)), range: t.range)
        case .float(let d):
            advance()
            return Expr(kind: .literal(.float(d)), range: t.range)
        case .string(let pieces):
            advance()
            return try stringLiteral(pieces, range: t.range)
        case .keyword(.true):
            advance()
            return Expr(kind: .literal(.bool(true)), range: t.range)
        case .keyword(.false):
            advance()
            return Expr(kind: .literal(.bool(false)), range: t.range)
        case .keyword(.null):
            advance()
            return Expr(kind: .literal(.null), range: t.range)
        case .keyword(.if):
            return try ifExpression()
        case .keyword(.try):
            return try tryExpression()
        case .keyword(.fn):
            advance()
            let params = try parameterList()
            let body = try block()
            return Expr(kind: .lambda(params: params, body: body), range: t.range.to(body.range))
        case .identifier(let name):
            advance()
            if peek.isSymbol("=>") { return try lambdaBody(params: [name], start: t.range) }
            if name == "it" { return Expr(kind: .it, range: t.range) }
            return Expr(kind: .name(name), range: t.range)
        case .symbol("."):
            advance()
            guard let name = fieldName(peek) else { throw unexpected(expecting: "a field name after `.`") }
            return fieldAccess(of: Expr(kind: .it, range: t.range), name, end: advance().range)
        case .symbol("("):
            if let params = lambdaParameters() { return try lambdaBody(params: params, start: t.range) }
            advance()
            try enter()
            defer { leave() }
            skipNewlines()
            var inner = try expression()
            skipNewlines()
            let close = try expect(")", "`)`")
            inner.range = t.range.to(close.range)
            return inner
        case .symbol("["):
            return try listLiteral()
        case .symbol("{"):
            return try recordLiteral()
        default:
            throw unexpected(expecting: "an expression")
        }
    }
}
