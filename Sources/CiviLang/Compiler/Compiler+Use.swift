import CiviCore

/// `use "lib.civi"`: another file's top-level functions and variables become names of this one.
/// The path is relative to the file that says `use` (in the REPL and `-e`, to the working
/// directory). Each file is compiled and run once per interpreter, before the code of the file that
/// uses it; a cycle is an error naming the chain; an error inside a library is reported at the
/// library's own file:line:col. Libraries share the top-level namespace, so a function defined by
/// two files is an error rather than one silently replacing the other.
extension Compiler {
    /// The code of a chunk's `use` statements, in order; also binds the names they bring in.
    func useStatements(_ statements: [Stmt]) -> [Compiled] {
        var codes: [Compiled] = []
        var functionsFrom: [String: String] = [:]
        for s in statements {
            guard case .use(let path) = s.kind, let library = use(path, s.range) else { continue }
            for f in library.functions { functionsFrom[f] = library.file.name }
            codes.append(Compiled { ctx, _ in
                try library.runOnce(ctx)
                return .null
            })
        }
        for s in statements {
            guard case .function(let name, _, _) = s.kind, let other = functionsFrom[name] else { continue }
            issues.append(SyntaxIssue(message: "function `\(name)` is already defined by \(other), which this file uses",
                                      range: s.range, hint: "rename one of them; files that `use` each other share top-level names"))
        }
        return codes
    }

    /// Loads (or finds already loaded) the library at `path`; nil after reporting why it cannot be used.
    func use(_ path: String, _ range: SourceRange) -> Libraries.Library? {
        let libraries = runtime.libraries
        guard !path.isEmpty else {
            issues.append(SyntaxIssue(message: "`use` needs a file path, e.g. use \"lib.civi\"", range: range))
            return nil
        }
        let script = scriptPath
        let here = libraries.path(of: source) ?? (source.name == runtime.options.scriptPath ? script : nil)
        let directory = here.map(Libraries.directory(of:)) ?? runtime.options.baseDirectory
        let absolute = Libraries.absolute(path, in: directory)
        let compiling = [script].compactMap { $0 } + libraries.chain
        if let start = compiling.firstIndex(of: absolute) {
            let names = (compiling[start...] + [absolute]).map { file in
                file == script ? runtime.options.scriptPath ?? file : Libraries.displayName(file)
            }
            issues.append(SyntaxIssue(message: "`use` cycle: \(names.joined(separator: " → "))", range: range,
                                      hint: "move what both files need into a third file that both use"))
            return nil
        }
        if let library = libraries.library(at: absolute) {
            boundGlobals.formUnion(library.names)
            return library
        }
        return load(path, absolute: absolute, range)
    }

    /// The absolute path of the script the interpreter runs, if it runs one.
    private var scriptPath: String? {
        guard let script = runtime.options.scriptPath, script != "-" else { return nil }
        let name = script.split(separator: "/").last.map(String.init) ?? script
        return Libraries.absolute(name, in: runtime.options.baseDirectory)
    }

    private func load(_ path: String, absolute: String, _ range: SourceRange) -> Libraries.Library? {
        let bytes: [UInt8]
        do { bytes = try WholeFile.read(path: absolute, allowSpecial: false) } catch {
            issues.append(SyntaxIssue(message: "cannot use \(ValueFormat.quote(path)): \(error.reason) (\(absolute))", range: range))
            return nil
        }
        let file = SourceFile(name: Libraries.displayName(absolute), text: String(decoding: bytes, as: UTF8.self))
        let libraries = runtime.libraries
        var parser = Parser(file: file)
        let statements = parser.parseChunk()
        if !parser.issues.isEmpty {
            issues += parser.issues.map { issue in
                var i = issue
                i.file = file
                // Input that ends too early is complete here: the REPL must not wait for more.
                i.incomplete = false
                return i
            }
            return nil
        }
        libraries.begin(file, at: absolute)
        let compiler = Compiler(source: file, runtime: runtime, builtins: builtins)
        let chunk = compiler.compileChunk(statements)
        libraries.end()
        if !compiler.issues.isEmpty {
            issues += compiler.issues.map { issue in
                var i = issue
                if i.file == nil { i.file = file }
                return i
            }
            return nil
        }
        var functions: Set<String> = []
        for s in statements { if case .function(let name, _, _) = s.kind { functions.insert(name) } }
        let library = Libraries.Library(file: file, chunk: chunk, names: compiler.boundGlobals, functions: functions)
        libraries.add(library, at: absolute)
        boundGlobals.formUnion(library.names)
        return library
    }
}
