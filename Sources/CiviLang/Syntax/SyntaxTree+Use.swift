import CiviCore

/// `use` for tools that translate civi instead of running it: where a file's `use` paths start,
/// which file a path names and how errors show it — the rules the interpreter follows
/// (`Compiler+Use.swift`), so an exported program includes exactly the files civi would run.
extension SyntaxTree {
    /// The directory a script's `use` paths are relative to: the script's own directory, or the
    /// working directory for `-e`, standard input and the REPL (no script).
    package static func useDirectory(scriptPath: String?) -> String {
        let base = Directories.working() ?? "."
        guard let path = scriptPath, path != "-" else { return base }
        return Libraries.directory(of: path.hasPrefix("/") ? path : base + "/" + path)
    }

    /// The library `use "path"` names in a file whose directory is `directory`: its absolute path
    /// (one file reached two ways is one path) and the name its errors show.
    package static func library(_ path: String, from directory: String) -> (path: String, name: String) {
        let absolute = Libraries.absolute(path, in: directory)
        return (absolute, Libraries.displayName(absolute))
    }

    /// The directory the `use` paths of the library at `absolutePath` are relative to.
    package static func directory(of absolutePath: String) -> String { Libraries.directory(of: absolutePath) }

    /// The statements of the library at `absolutePath`, shown in errors as `name`. The program that
    /// uses it was checked with its libraries already, so a failure here means the file changed since.
    package static func parseLibrary(at absolutePath: String, name: String) throws(Diagnostic) -> SyntaxTree {
        let bytes: [UInt8]
        do { bytes = try WholeFile.read(path: absolutePath, allowSpecial: false) } catch {
            throw Diagnostic(kind: .runtime, message: "cannot use \(ValueFormat.quote(name)): \(error.reason) (\(absolutePath))")
        }
        let file = SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self))
        var parser = Parser(file: file)
        let statements = parser.parseChunk()
        if !parser.issues.isEmpty { throw Interpreter.diagnostic(parser.issues, file) }
        return SyntaxTree(file: file, statements: statements)
    }
}
