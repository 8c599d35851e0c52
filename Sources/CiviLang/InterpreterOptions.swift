#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the shell configures an interpreter.
public struct InterpreterOptions: Sendable {
    /// The script being run, if any (for messages).
    public var scriptPath: String?
    /// Where relative file paths start: the script's directory, or the working directory in the REPL.
    public var baseDirectory: String
    /// The script's arguments (`args`).
    public var arguments: [String]
    /// Environment variables visible to `env(name)`.
    public var environment: [String: String]
    /// Where `print` writes: one call per `print`, its text ending in a newline.
    public var output: @Sendable (String) -> Void
    /// Where `eprint` writes (standard error by default), likewise.
    public var errorOutput: @Sendable (String) -> Void
    /// Nested calls allowed before a "too many nested calls" error.
    public var maxCallDepth: Int
    /// Loop iterations plus calls allowed before an error (the fuzzer's budget); nil for no limit.
    public var stepLimit: Int?
    /// Send `where .field == literal` on API streams to the server as filters too (results are the same).
    public var pushdown: Bool

    /// Makes options; by default print goes to standard output.
    public init(scriptPath: String? = nil, baseDirectory: String = ".", arguments: [String] = [],
                environment: [String: String] = [:], output: @escaping @Sendable (String) -> Void = { print($0, terminator: "") },
                errorOutput: (@Sendable (String) -> Void)? = nil,
                maxCallDepth: Int = 2_000, stepLimit: Int? = nil, pushdown: Bool = true) {
        self.scriptPath = scriptPath
        self.baseDirectory = baseDirectory
        self.arguments = arguments
        self.environment = environment
        self.output = output
        // The shell sets its own writer; this default (tests, the fuzzer) writes fd 2 directly.
        self.errorOutput = errorOutput ?? { text in
            var utf8 = Array(text.utf8)
            _ = utf8.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        }
        self.maxCallDepth = maxCallDepth
        self.stepLimit = stepLimit
        self.pushdown = pushdown
    }
}
