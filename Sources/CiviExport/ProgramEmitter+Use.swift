import CiviLang

extension ProgramEmitter {
    /// The libraries a file `use`s, written before its own code: each one not yet in the program
    /// goes in place with its own libraries first, then its top-level statements. They become
    /// names of `main` that the files after them see (civi's one top-level namespace), and a file
    /// used twice is written once (civi runs it once). Cycles and errors inside a library were
    /// reported when the program was checked, at the library's file:line:col.
    func libraries(of statements: [Stmt], directory: String) throws {
        for s in statements {
            guard case .use(let path) = s.kind else { continue }
            let (absolute, shown) = SyntaxTree.library(path, from: directory)
            guard state.libraries.insert(absolute).inserted else { continue }
            let library = try SyntaxTree.parseLibrary(at: absolute, name: shown)
            let user = state.tree
            // Errors and the source text of labels come from the library while it is written.
            state.tree = library
            defer { state.tree = user }
            try libraries(of: library.statements, directory: SyntaxTree.directory(of: absolute))
            try block(library.statements, destination: .discard)
        }
    }

    /// The directory the program's own `use` paths start at.
    var useDirectory: String {
        SyntaxTree.useDirectory(scriptPath: Exporter.scriptPath(name: state.tree.file.name, mode: mode))
    }
}
