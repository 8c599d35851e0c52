/// A problem found while reading source, before it becomes a `Diagnostic`.
struct SyntaxIssue: Error {
    var message: String
    var range: SourceRange
    var hint: String?
    /// True when more input could fix it (the REPL asks for another line).
    var incomplete = false
    /// The file the range is in, when not the one being compiled (an error inside a `use`d library).
    var file: SourceFile?
}
