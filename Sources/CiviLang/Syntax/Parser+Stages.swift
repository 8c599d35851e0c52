/// Pipeline stages: a stage name and its argument, or any function used as a stage.
extension Parser {
    /// Names that start a built-in stage after `|`.
    static let stageNames: [String] = ["where", "map", "select", "sort", "take", "skip", "first", "last", "count",
                                       "sum", "avg", "min", "max", "group", "unique", "flatten", "collect", "each",
                                       "parallel", "table", "json", "csv", "save"]

    mutating func stage() throws -> Stage {
        let t = peek
        guard let name = identifier(t), Parser.stageNames.contains(name) else {
            return try callStage()
        }
        advance()
        func done(_ kind: StageKind, _ end: SourceRange? = nil) -> Stage { Stage(kind: kind, range: t.range.to(end ?? t.range)) }
        switch name {
        case "where":
            let e = try argument(for: name)
            return done(.filter(e), e.range)
        case "map":
            let e = try argument(for: name)
            return done(.map(e), e.range)
        case "each":
            let e = try argument(for: name)
            return done(.each(e), e.range)
        case "group":
            let e = try argument(for: name)
            return done(.group(e), e.range)
        case "take":
            let e = try argument(for: name)
            return done(.take(e), e.range)
        case "skip":
            let e = try argument(for: name)
            return done(.skip(e), e.range)
        case "save":
            let e = try argument(for: name)
            return done(.save(e), e.range)
        case "parallel":
            // The width is a primary (`8`, `n`, `(k + 1)`), so `parallel 3 (expr)` is not a call of 3.
            let n = try primary()
            let e = try argument(for: name)
            return done(.parallel(n, e), e.range)
        case "select":
            var fields: [String] = []
            var optional: Set<String> = []
            var ranges: [SourceRange] = []
            var end = t.range
            repeat {
                skipNewlines()
                let f = peek
                if let n = fieldName(f) {
                    fields.append(n)
                } else if case .string(let pieces) = f.kind, pieces.count == 1, case .text(let s) = pieces[0] {
                    fields.append(s)
                } else {
                    throw unexpected(expecting: "a field name for `select`")
                }
                end = advance().range
                ranges.append(end)
                if peek.isSymbol("?"), let last = fields.last {
                    optional.insert(last)
                    end = advance().range
                }
            } while accept(",")
            return done(.select(fields, optional: optional, ranges: ranges), end)
        case "sort":
            var descending = accept("-")
            let e = startsExpression(peek) ? try coalesce() : nil
            var end = e?.range ?? t.range
            if let d = identifier(peek), d == "desc" || d == "asc" {
                descending = descending != (d == "desc")
                end = advance().range
            }
            return done(.sort(e, descending: descending), end)
        case "sum", "avg", "min", "max", "unique":
            let e = startsExpression(peek) ? try coalesce() : nil
            let kind: StageKind = switch name {
            case "sum": .sum(e)
            case "avg": .avg(e)
            case "min": .min(e)
            case "max": .max(e)
            default: .unique(e)
            }
            return done(kind, e?.range)
        case "first": return done(.first)
        case "last": return done(.last)
        case "count": return done(.count)
        case "flatten": return done(.flatten)
        case "collect": return done(.collect)
        default: return done(.render(name))
        }
    }

    mutating func argument(for stage: String) throws -> Expr {
        guard startsExpression(peek) else { throw unexpected(expecting: "an argument for `\(stage)`") }
        return try coalesce()
    }

    /// `xs | f` or `xs | f(a, b)`: the piped value becomes the first argument.
    mutating func callStage() throws -> Stage {
        let e = try postfix()
        // `| groupby .state`: a word that is not a stage, followed by an argument on the same line.
        if case .name(let word) = e.kind, startsExpression(peek) {
            let guess = Mistakes.stage(near: word).map { "did you mean `\($0)`?" }
            throw SyntaxIssue(message: "unknown stage `\(word)`", range: e.range,
                              hint: guess ?? "stages: \(Parser.stageNames.joined(separator: ", ")); any function can be a stage too: `xs | f(1)`")
        }
        if case .call(let callee, let args) = e.kind { return Stage(kind: .call(callee, args), range: e.range) }
        return Stage(kind: .call(e, []), range: e.range)
    }

    func startsExpression(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier(let s): s != "desc" && s != "asc"
        case .int, .float, .string: true
        case .keyword(let k): [.not, .true, .false, .null, .if, .try, .fn].contains(k)
        case .symbol(let s): ["(", "[", "{", ".", "-"].contains(s)
        default: false
        }
    }
}
