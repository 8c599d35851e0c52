/// One piece of a string literal: literal text or an interpolated `${...}` expression.
enum StringPiece: Equatable {
    case text(String)
    /// The byte range of the expression between `${` and `}`.
    case code(SourceRange)
}

/// The reserved words of the language.
enum Keyword: String, CaseIterable {
    case `if`, `else`, `for`, `in`, `while`, `break`, `continue`, `fn`, `return`, `try`, `catch`
    case and, or, not, `true`, `false`, null
}

/// What a token is.
enum TokenKind: Equatable {
    case identifier(String)
    case int(Int)
    case float(Double)
    case string([StringPiece])
    case keyword(Keyword)
    /// Punctuation and operators, spelled as in the source (`==`, `|`, `(`...).
    case symbol(String)
    case newline
    case eof
}

/// A token and where it is.
struct Token {
    var kind: TokenKind
    var range: SourceRange

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    func isKeyword(_ k: Keyword) -> Bool { kind == .keyword(k) }

    /// How the token reads in an error message.
    var describe: String {
        switch kind {
        case .identifier(let s): "`\(s)`"
        case .int(let i): "`\(i)`"
        case .float(let d): "`\(d)`"
        case .string: "a string"
        case .keyword(let k): "`\(k.rawValue)`"
        case .symbol(let s): "`\(s)`"
        case .newline: "end of line"
        case .eof: "end of input"
        }
    }
}
