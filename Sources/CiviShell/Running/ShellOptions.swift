import CiviLang

/// How civi was asked to run: connection choice, output, safety switches (from the command line).
public struct ShellOptions: Sendable {
    /// The output formats.
    public typealias Format = OutputFormat
    /// `--profile`.
    public var profile: String?
    /// `--base-url`.
    public var baseURL: String?
    /// `--sandbox`: use the embedded sandbox even with a key configured.
    public var sandbox = false
    /// `--sandbox-reset`: reseed the embedded sandbox.
    public var sandboxReset = false
    /// `--format` (nil: table on a terminal, JSON otherwise).
    public var format: Format?
    /// `--dry-run`.
    public var dryRun = false
    /// `--no-color`.
    public var noColor = false
    /// `--timeout` seconds.
    public var timeout: Double?
    /// `--deadline` seconds.
    public var deadline: Double?
    /// `--retries`.
    public var retries: Int?
    /// `--retry-budget` seconds.
    public var retryBudget: Double?
    /// `--verbose`.
    public var verbose = false
    /// `--insecure-http`.
    public var insecureHTTP = false

    /// Defaults: everything off, formats chosen by terminal.
    public init() {}
}
