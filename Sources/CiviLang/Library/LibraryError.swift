import CiviCore

/// A failure inside a library function: what went wrong (naming the function) and what to try.
public struct LibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `split: expected a string separator, got int`.
    public var message: String
    /// A suggestion for what to do next, if there is one.
    public var hint: String?

    /// Makes an error with a message and an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// Makes an error with labelled fields.
    public init(message: String, hint: String? = nil) {
        self.init(message, hint: hint)
    }

    /// The message (the hint is shown separately by the diagnostics renderer).
    public var description: String { message }
}

/// What library functions may know about the world: where relative paths start and the environment.
public struct LibraryContext: Sendable {
    /// The directory that relative paths resolve against (a script's folder, or the working directory).
    public var baseDirectory: String
    /// Environment variables visible to `env(name)`.
    public var environment: [String: String]
    /// Makes the stream `read_csv(path, {stream: true})` gives (the interpreter provides it).
    var csvStream: (@Sendable (CSVFile) -> Value)?

    /// Makes a context.
    public init(baseDirectory: String, environment: [String: String]) {
        self.baseDirectory = baseDirectory
        self.environment = environment
    }

    /// A context for this process: the current directory and the process environment.
    public static func currentProcess() -> LibraryContext {
        let cwd = Directories.working() ?? "."
        var env: [String: String] = [:]
        if var cursor = Optional(environ) {
            while let entry = cursor.pointee {
                let pair = String(cString: entry)
                if let eq = pair.firstIndex(of: "=") {
                    env[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
                }
                cursor += 1
            }
        }
        return LibraryContext(baseDirectory: cwd, environment: env)
    }

    /// `path` made absolute: `~/` expands to `$HOME`, relative paths join `baseDirectory`.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/"), let home = environment["HOME"] {
            return home + path.dropFirst()
        }
        if baseDirectory.isEmpty { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
