import CiviClient
import CiviLang

/// How civi was asked to run: connection choice, output, safety switches (from the command line).
public struct ShellOptions: Sendable {
    /// The output formats.
    public typealias Format = OutputFormat
    /// The connection flags (`--profile`, `--base-url`, `--sandbox`, `--dry-run`, `--timeout`, …),
    /// handed as they are to settings resolution.
    public var connection = SettingsOverrides()
    /// `--format` (nil: table on a terminal, JSON otherwise).
    public var format: Format?
    /// `--no-color`.
    public var noColor = false
    /// The embedded sandbox, when used, is a fresh in-memory one (`civi test`) instead of the
    /// persistent file.
    public var sandboxInMemory = false
    /// The anchor of a fresh embedded sandbox's seed dates (ms since the epoch); nil: now.
    public var sandboxAnchorMs: Int64?
    /// `--no-journal`: writes are not recorded in the journal (nor can they be undone).
    public var noJournal = false

    /// Defaults: everything off, formats chosen by terminal.
    public init() {}
}
