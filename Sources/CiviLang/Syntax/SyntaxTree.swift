import CiviCore

/// A program parsed and checked but not compiled: what tools that translate civi (the exporter)
/// walk instead of running it.
package struct SyntaxTree {
    /// The source the statements came from (for `file:line:col` in errors).
    package let file: SourceFile
    /// The top-level statements, in order.
    package let statements: [Stmt]

    /// Parses `text` and checks it as `civi check` does (syntax, unknown names, filter typos, the
    /// libraries it `use`s, relative to `scriptPath`'s directory or the working directory); the
    /// first problem is thrown as the diagnostic civi would print.
    package static func parse(_ text: String, name: String, scriptPath: String? = nil) throws(Diagnostic) -> SyntaxTree {
        let file = SourceFile(name: name, text: text)
        var parser = Parser(file: file)
        let statements = parser.parseChunk()
        if !parser.issues.isEmpty { throw Interpreter.diagnostic(parser.issues, file) }
        let options = InterpreterOptions(scriptPath: scriptPath, baseDirectory: useDirectory(scriptPath: scriptPath))
        let problems = Interpreter(host: nil, options: options).check(text, name: name)
        if let first = problems.first { throw first }
        return SyntaxTree(file: file, statements: statements)
    }

    /// An error about the code at `range`, rendered like every other civi diagnostic.
    package func error(_ message: String, at range: SourceRange, hint: String? = nil) -> Diagnostic {
        Diagnostic(kind: .syntax, message: message, in: file, at: range, hint: hint)
    }

    /// The source text of `range` (for comments that show the civi a line came from).
    package func text(of range: SourceRange) -> String {
        String(decoding: file.bytes[range.start..<min(range.end, file.bytes.count)], as: UTF8.self)
    }
}

/// The message civi would show for an error the language raised (for tools that report it later).
package func errorMessage(_ error: any Error) -> String { Fault.from(error).message }
