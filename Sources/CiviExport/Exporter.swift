import CiviLang

/// Turns a civi program into a standalone program in another language that makes the same
/// requests and prints the same output (`civi export`, the REPL's `:export`).
public enum Exporter {
    /// The program `source` (named `name` in errors) written in `target`. A syntax error, an
    /// unknown name or a construct the target cannot express is thrown as a diagnostic with its
    /// `file:line:col`; nothing is returned then, never a partial program.
    public static func export(_ source: String, name: String, to target: ExportTarget, mode: ExportMode = .script) throws(Diagnostic) -> String {
        let tree = try SyntaxTree.parse(source, name: name, scriptPath: scriptPath(name: name, mode: mode))
        do {
            switch target {
            case .python: return try ProgramEmitter(tree: tree, mode: mode, dialect: PythonDialect()).program(name: name)
            case .javascript: return try ProgramEmitter(tree: tree, mode: mode, dialect: JavaScriptDialect()).program(name: name)
            case .swift: return try ProgramEmitter(tree: tree, mode: mode, dialect: SwiftDialect()).program(name: name)
            }
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw Diagnostic(kind: .runtime, message: "\(error)")
        }
    }

    /// The path of the script a program named `name` came from: a script's name is its path;
    /// `<-e>`, `<stdin>` and the REPL's names are none (their `use` paths start at the working
    /// directory, as when civi runs them).
    static func scriptPath(name: String, mode: ExportMode) -> String? {
        mode == .script && !name.hasPrefix("<") ? name : nil
    }
}
