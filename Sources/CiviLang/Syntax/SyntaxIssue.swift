/// A problem found while reading source, before it becomes a `Diagnostic`.
struct SyntaxIssue: Error {
    var message: String
    var range: SourceRange
    var hint: String?
    /// True when more input could fix it (the REPL asks for another line).
    var incomplete = false
}
