import Testing
@testable import CiviLang

/// Tokens from source text.
@Suite struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        var lexer = Lexer(bytes: Array(text.utf8))
        return lexer.tokenize().tokens.map(\.kind)
    }

    func issue(_ text: String) -> SyntaxIssue? {
        var lexer = Lexer(bytes: Array(text.utf8))
        return lexer.tokenize().issue
    }

    @Test func numbers() {
        #expect(kinds("42 3.14 1_000 2.5e3 1e-2") == [.int(42), .float(3.14), .int(1000), .float(2500), .float(0.01), .eof])
        #expect(kinds("xs.0") == [.identifier("xs"), .symbol("."), .int(0), .eof])
        #expect(issue("12abc")?.message == "malformed number")
    }

    @Test func operatorsAndKeywords() {
        #expect(kinds("a == b != c <= >= => ?? =~ += |") == [
            .identifier("a"), .symbol("=="), .identifier("b"), .symbol("!="), .identifier("c"), .symbol("<="),
            .symbol(">="), .symbol("=>"), .symbol("??"), .symbol("=~"), .symbol("+="), .symbol("|"), .eof,
        ])
        #expect(kinds("if not x and y") == [.keyword(.if), .keyword(.not), .identifier("x"), .keyword(.and), .identifier("y"), .eof])
        #expect(issue("a && b")?.hint == "use `and`, `or`, `not`")
    }

    @Test func commentsAndNewlines() {
        #expect(kinds("#!/usr/bin/env civi\na # note\nb") == [.identifier("a"), .newline, .identifier("b"), .eof])
        #expect(kinds("f(1,\n2)") == [.identifier("f"), .symbol("("), .int(1), .symbol(","), .int(2), .symbol(")"), .eof],
                "newlines inside parentheses continue the statement")
        #expect(kinds("{\na\n}") == [.symbol("{"), .newline, .identifier("a"), .newline, .symbol("}"), .eof],
                "inside braces newlines separate statements")
    }

    @Test func strings() {
        #expect(kinds("\"a\\tb\"") == [.string([.text("a\tb")]), .eof])
        #expect(kinds("'x\\n${y}'") == [.string([.text("x\\n${y}")]), .eof])
        let interpolated = kinds("\"a${b}c\"")
        guard case .string(let pieces) = interpolated.first else {
            Issue.record("expected a string")
            return
        }
        #expect(pieces.count == 3)
        #expect(pieces.first == .text("a") && pieces.last == .text("c"))
        #expect(pieces[1] == .code(SourceRange(start: 4, end: 5)))
        #expect(issue("\"abc")?.incomplete == true)
        #expect(issue("\"a\nb\"")?.message == "unterminated string")
        #expect(issue("\"${1 + \"")?.incomplete == true)
        #expect(issue("\"\\u{110000}\"")?.message == "bad unicode escape")
    }
}

/// The shapes the parser builds.
@Suite struct ParserTests {
    func parse(_ text: String) -> (statements: [Stmt], issues: [SyntaxIssue]) {
        var p = Parser(file: SourceFile(name: "p", text: text))
        let s = p.parseChunk()
        return (s, p.issues)
    }

    func expr(_ text: String) -> ExprKind? {
        guard case .expr(let e)? = parse(text).statements.first?.kind else { return nil }
        return e.kind
    }

    @Test func precedence() {
        guard case .binary(.add, _, let rhs)? = expr("1 + 2 * 3"), case .binary(.mul, _, _) = rhs.kind else {
            Issue.record("`*` binds tighter than `+`")
            return
        }
        guard case .coalesce(_, let r)? = expr("a ?? b or c"), case .or = r.kind else {
            Issue.record("`??` is looser than `or`")
            return
        }
        guard case .not(let inner)? = expr("not a == b"), case .binary(.eq, _, _) = inner.kind else {
            Issue.record("`not` is looser than comparisons")
            return
        }
        guard case .pipeline(let input, let stage)? = expr("xs | where .a == 1 | count"),
              case .pipeline(_, let first) = input.kind, case .filter = first.kind, case .count = stage.kind else {
            Issue.record("pipelines nest to the left")
            return
        }
    }

    @Test func lambdasAndCalls() {
        guard case .lambda(let params, _)? = expr("(a, b) => a + b") else {
            Issue.record("a two-parameter lambda")
            return
        }
        #expect(params == ["a", "b"])
        guard case .call(_, let args)? = expr("advocates(state: \"CA\", sort: \"-id\")") else {
            Issue.record("a call with named arguments")
            return
        }
        #expect(args.map(\.name) == ["state", "sort"])
        guard case .pipeline(_, let stage)? = expr("xs | f(1)"), case .call(_, let stageArgs) = stage.kind else {
            Issue.record("a function call as a stage")
            return
        }
        #expect(stageArgs.count == 1)
    }

    @Test func nodesKnowTheirRanges() {
        let s = parse("x = foo(1, 2)").statements
        guard case .assign(_, _, let value)? = s.first?.kind else {
            Issue.record("an assignment")
            return
        }
        #expect(value.range == SourceRange(start: 4, end: 13))
    }

    @Test func recoveryReportsUpToFiveErrors() {
        let issues = parse("a = )\nb = )\nc = )\nd = )\ne = )\nf = )\ng = )").issues
        #expect(issues.count == 5)
        #expect(issues.map(\.range.start) == [4, 10, 16, 22, 28])
    }

    @Test func statementsNeedSeparators() {
        #expect(parse("a = 1 b = 2").issues.first?.message == "expected end of statement (a new line or `;`), found `b`")
        #expect(parse("a = 1; b = 2").issues.isEmpty)
    }
}
