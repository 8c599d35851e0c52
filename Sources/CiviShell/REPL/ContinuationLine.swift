import CiviLang

/// A line that, in a script, would continue the statement before it: `| stage`, `else`, `catch`.
/// The REPL has already run that statement, so it gives these lines their own meaning.
enum ContinuationLine: Equatable {
    /// `| where …`: pipes the last value shown (`_`) into the stages.
    case pipe
    /// `else` or `catch` (the keyword) with nothing left to attach to.
    case orphan(String)
    /// An ordinary line.
    case none

    /// Classifies the first line of a statement.
    init(_ line: String) {
        let text = line.drop { $0 == " " || $0 == "\t" }
        if text.hasPrefix("|") {
            self = .pipe
            return
        }
        for keyword in ["else", "catch"] where text.hasPrefix(keyword) {
            let next = text.dropFirst(keyword.count).first
            if next == nil || !(next == "_" || next!.isLetter || next!.isNumber) {
                self = .orphan(keyword)
                return
            }
        }
        self = .none
    }

    /// The source a pipe line runs as: `_` put in front, so columns in errors still match the line.
    static func piped(_ line: String) -> String { "_ " + line }

    /// True when `source` names `_`. A lexical check: a lone `_` inside a string counts too, which at
    /// worst makes `:save` write the statement before as `_ = …` when it did not need to.
    static func mentionsLastResult(_ source: String) -> Bool {
        let chars = Array(source)
        func isNamePart(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
        for (i, c) in chars.enumerated() where c == "_" {
            let before = i > 0 ? chars[i - 1] : " "
            let after = i + 1 < chars.count ? chars[i + 1] : " "
            if !isNamePart(before), !isNamePart(after), before != "." { return true }
        }
        return false
    }

    /// The error for an `else` or `catch` line whose `if` or `try` already ran.
    static func orphanError(_ keyword: String, line: String) -> Diagnostic {
        let column = line.prefix { $0 == " " || $0 == "\t" }.count + 1
        let (opener, oneLine, braced) = keyword == "else"
            ? ("if", "if c { a } else { b }", "} else {")
            : ("try", "try { a } catch e { b }", "} catch e {")
        return Diagnostic(
            kind: .syntax,
            message: "`\(keyword)` has no `\(opener)` to continue: the REPL ran the `\(opener)` before as soon as it was complete",
            file: "<repl>", line: 1, column: column, endColumn: column + keyword.count, sourceLine: line,
            hint: "write it on one line (`\(oneLine)`), or keep the closing brace and `\(keyword)` together (`\(braced)`) so the REPL waits for the rest")
    }
}
