import CiviCore

/// The library's renderers and built-ins, with `LibraryError` turned into located faults.
enum Library {
    static func fault(_ e: LibraryError) -> Fault { Fault(e.message, hint: e.hint) }

    static func render(_ rows: [Value], format name: String) throws -> String {
        guard let format = OutputFormat(rawValue: name) else { throw Fault("unknown output format `\(name)`") }
        do { return try Renderers.render(rows, as: format) } catch { throw fault(error) }
    }

    static func save(_ rows: [Value], to path: String, runtime: Runtime) throws -> Int {
        do { return try Renderers.save(rows, to: path, context: runtime.libraryContext) } catch { throw fault(error) }
    }

    /// Every library built-in as a function value.
    static func functions(_ runtime: Runtime) -> [String: Value] {
        var out: [String: Value] = [:]
        let context = runtime.libraryContext
        for (name, b) in Builtins.all {
            let call = b.call
            out[name] = .function(NativeFunction(name, arity: b.arity) { _, args, _ in
                do throws(LibraryError) { return try call(args, context) } catch { throw fault(error) }
            })
        }
        return out
    }
}

extension Runtime {
    /// What library functions know: the base directory and environment from the options.
    var libraryContext: LibraryContext {
        var context = LibraryContext(baseDirectory: options.baseDirectory, environment: options.environment)
        // Weak: the context lives in functions the runtime holds.
        context.csvStream = { [weak self] file in
            guard let self else { return .null }
            return .stream(CSVStream(runtime: self, file: file))
        }
        return context
    }
}
