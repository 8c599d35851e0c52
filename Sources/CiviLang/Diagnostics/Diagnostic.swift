import CiviCore

/// Every error a user sees from the language: syntax, runtime, interrupt or `exit`, with its place.
public struct Diagnostic: Error, Sendable {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        case syntax, incomplete, runtime, interrupted
        case exit(Int32)
    }

    /// The kind.
    public var kind: Kind
    /// The message, without location.
    public var message: String
    /// The source name (a path, `<repl>`), or empty when unknown.
    public var file: String
    /// 1-based line (0 when unknown).
    public var line: Int
    /// 1-based column (0 when unknown).
    public var column: Int
    /// 1-based column one past the end of the range on the same line.
    public var endColumn: Int
    /// The text of the offending line.
    public var sourceLine: String
    /// A suggestion, when one helps.
    public var hint: String?
    /// Function calls that led here, innermost first (`in f at file:3:5`).
    public var trace: [String]
    /// The API's report, for HTTP failures.
    public var report: ErrorReport?
    /// Further independent errors found in the same chunk (syntax errors only).
    public var others: [Diagnostic]
    /// For `exit(code, message)` and `fail(message)`: the message alone, shown as the script ends.
    public var farewell: String?

    /// Makes a diagnostic.
    public init(kind: Kind, message: String, file: String = "", line: Int = 0, column: Int = 0, endColumn: Int = 0,
                sourceLine: String = "", hint: String? = nil, trace: [String] = [], report: ErrorReport? = nil,
                others: [Diagnostic] = []) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.endColumn = endColumn
        self.sourceLine = sourceLine
        self.hint = hint
        self.trace = trace
        self.report = report
        self.others = others
    }

    /// Builds one from a source range.
    init(kind: Kind, message: String, in source: SourceFile?, at range: SourceRange?, hint: String? = nil,
         trace: [String] = [], report: ErrorReport? = nil) {
        self.init(kind: kind, message: message, hint: hint, trace: trace, report: report)
        guard let source else { return }
        file = source.name
        guard let range else { return }
        line = source.line(of: range.start)
        column = source.column(of: range.start)
        sourceLine = source.lineText(line)
        let endLine = source.line(of: max(range.start, range.end - 1))
        endColumn = endLine == line ? max(column + 1, source.column(of: range.end)) : sourceLine.count + 1
    }

    /// A failure to read a script file (missing, unreadable), shown like any other error.
    public static func fileError(message: String, file: String) -> Diagnostic {
        Diagnostic(kind: .runtime, message: message, file: file)
    }

    /// True when the input ended too early: the REPL should read another line.
    public var isIncomplete: Bool { kind == .incomplete }

    /// The process exit code: 2 for syntax errors, 1 for runtime errors, n for `exit(n)`.
    public var exitCode: Int32 {
        switch kind {
        case .syntax, .incomplete: 2
        case .runtime, .interrupted: 1
        case .exit(let n): n
        }
    }

    /// The rendering shared by every error: `file:line:col: error: message`, the line, a caret, hints, trace.
    /// For a terminal, control characters in the text (from a server, a file, the source) are shown
    /// escaped, as `TerminalText` does, so they cannot act on the screen.
    public func render(color: Bool, terminal: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", cyan = color ? "\u{1B}[36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let shown = { (text: String) -> String in terminal ? TerminalText.visible(text) : text }
        var out = ""
        if case .exit = kind { return shown(message) }
        var place = file
        if line > 0 { place += ":\(line):\(column)" }
        if !place.isEmpty { place += ": " }
        out += "\(bold)\(shown(place))\(reset)\(red)error:\(reset) \(bold)\(shown(message))\(reset)\n"
        if line > 0 {
            let gutter = String(line)
            let pad = String(repeating: " ", count: gutter.count)
            // Escaped separately, so the caret still lands under the escaped text it points at.
            let before = String(sourceLine.prefix(max(0, column - 1)))
            let within = String(sourceLine.dropFirst(max(0, column - 1)).prefix(max(1, endColumn - column)))
            let after = String(sourceLine.dropFirst(max(0, column - 1) + within.count))
            out += " \(gutter) | \(terminal ? shown(before) + shown(within) + shown(after) : sourceLine)\n"
            let prefix = shown(before).map { $0 == "\t" ? "\t" : " " }.joined()
            let width = max(1, terminal && !within.isEmpty ? shown(within).count : endColumn - column)
            out += " \(pad) | \(prefix)\(red)^\(String(repeating: "~", count: width - 1))\(reset)\n"
        }
        if let report {
            var facts: [String] = []
            if let s = report.status { facts.append("status \(s)") }
            if let c = report.code { facts.append("code \(c)") }
            if let r = report.requestID { facts.append("request id \(r)") }
            if !facts.isEmpty { out += "  \(shown(facts.joined(separator: ", ")))\n" }
            for (k, v) in (report.fields ?? [:]).sorted(by: { $0.key < $1.key }) { out += "  \(shown(k)): \(shown(v))\n" }
        }
        if let hint = hint ?? report?.hint { out += "\(cyan)hint:\(reset) \(shown(hint))\n" }
        for t in trace { out += "  \(shown(t))\n" }
        for other in others { out += other.render(color: color, terminal: terminal) }
        return out
    }
}
