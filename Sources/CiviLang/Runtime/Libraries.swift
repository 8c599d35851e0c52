#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// The files `use` loaded into one runtime: each compiled once and run once, however many files
/// use it; the chain being compiled, to report a cycle; and where each library file lives, so a
/// `use` inside it is relative to it.
final class Libraries: @unchecked Sendable {
    /// A compiled library and the top-level names it binds.
    final class Library {
        let file: SourceFile
        let chunk: Compiler.Chunk
        let names: Set<String>
        /// The names of the functions it defines (another file defining one too is an error).
        let functions: Set<String>
        private var ran = false

        init(file: SourceFile, chunk: Compiler.Chunk, names: Set<String>, functions: Set<String>) {
            self.file = file
            self.chunk = chunk
            self.names = names
            self.functions = functions
        }

        /// Runs the library's top level the first time it is called; later calls do nothing. After
        /// an error it may run again (the REPL can `use` it once more after a fix).
        func runOnce(_ ctx: Context) throws {
            guard !ran else { return }
            ran = true
            let env = Env.make(count: chunk.slotCount, parent: nil)
            defer { extendLifetime(env) }
            let frame = Frame(env)
            do {
                for (code, _, _) in chunk.statements {
                    _ = try code.run(ctx, frame)
                    ctx.signal = .none
                }
            } catch {
                ran = false
                throw error
            }
        }
    }

    private var loaded: [String: Library] = [:]
    private var order: [String] = []
    /// Absolute paths of the library files being compiled, outermost first.
    private(set) var chain: [String] = []
    /// Where each library's source file is: its absolute path. The file is held so that its
    /// identifier is not reused by another file while the entry exists.
    private var paths: [ObjectIdentifier: (file: SourceFile, path: String)] = [:]

    /// How many libraries are loaded (to `forget(since:)` those of a chunk that failed to compile).
    var mark: Int { order.count }

    /// Forgets the libraries loaded after `mark`.
    func forget(since mark: Int) {
        guard mark < order.count else { return }
        for path in order[mark...] {
            if let lib = loaded.removeValue(forKey: path) { paths[ObjectIdentifier(lib.file)] = nil }
        }
        order.removeSubrange(mark...)
    }

    /// The library already loaded from `path`, if any.
    func library(at path: String) -> Library? { loaded[path] }

    /// Records a compiled library.
    func add(_ library: Library, at path: String) {
        loaded[path] = library
        order.append(path)
    }

    /// Marks `file` (at absolute `path`) as being compiled until `end()`.
    func begin(_ file: SourceFile, at path: String) {
        chain.append(path)
        paths[ObjectIdentifier(file)] = (file, path)
    }

    /// Ends the innermost `begin`.
    func end() { chain.removeLast() }

    /// The absolute path of `file` when it is a library being or already loaded.
    func path(of file: SourceFile) -> String? { paths[ObjectIdentifier(file)]?.path }

    /// `path` made absolute against `directory`, with `.` and `..` resolved and, when the file
    /// exists, symbolic links too (so one file reached two ways is still loaded once).
    static func absolute(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        if let real = realpath(joined, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The directory part of an absolute path.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// How a library's path is shown in errors: relative to the working directory when inside it.
    static func displayName(_ absolute: String) -> String {
        guard let cwd = Directories.working() else { return absolute }
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
