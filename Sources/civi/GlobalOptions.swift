import ArgumentParser
import CiviShell

/// The global options as given before a subcommand (parsed by the root command) …
typealias OptionsBeforeSubcommand = GlobalOptions<BeforeSubcommand>
/// … and after it (parsed by the subcommand itself).
typealias OptionsAfterSubcommand = GlobalOptions<AfterSubcommand>

/// Marks the root command's group of global options.
enum BeforeSubcommand {}
/// Marks a subcommand's own group of global options.
enum AfterSubcommand {}

/// Options every command accepts: the connection, output and safety switches. Two distinct types
/// (by `Place`) because argument-parser hands a subcommand's option group the parent's value when
/// both have the same type, and then the subcommand's own copies of the options go unparsed.
struct GlobalOptions<Place>: ParsableArguments {
    @Option(help: "Use this profile of ~/.config/civi/config.toml.")
    var profile: String?

    @Option(name: .customLong("base-url"), help: "API base URL (e.g. https://api.example.org/api/v2).")
    var baseURL: String?

    @Flag(help: "Use the embedded sandbox even when an API key is configured.")
    var sandbox = false

    @Flag(name: .customLong("sandbox-reset"), help: "Start the embedded sandbox afresh (reseeded).")
    var sandboxReset = false

    @Option(help: "Output format: table, json, csv or ndjson (default: table on a terminal, json otherwise).")
    var format: String?

    @Flag(name: .customLong("dry-run"), help: "Print writes instead of sending them.")
    var dryRun = false

    @Flag(name: .customLong("no-color"), help: "No colours (also NO_COLOR=1).")
    var noColor = false

    @Flag(name: .customLong("no-journal"), help: "Do not record writes in the journal (civi log and civi undo will not know them).")
    var noJournal = false

    @Option(help: "Idle timeout in seconds: the longest the server may stay silent, body included (default 30).")
    var timeout: Double?

    @Option(help: "The longest one request attempt may take in all, in seconds (default 300).")
    var deadline: Double?

    @Option(help: "Most retries of a failed request (429, 502-504, connection errors); default: a busy API is retried until the retry budget runs out, other failures 5 times.")
    var retries: Int?

    @Option(name: .customLong("retry-budget"), help: "Seconds after a request's first attempt in which retries may start (default 300).")
    var retryBudget: Double?

    @Flag(help: "Log each request to stderr (the key is never shown).")
    var verbose = false

    @Flag(name: .customLong("insecure-http"), help: "Allow http:// to a host other than loopback.")
    var insecureHTTP = false

    /// Sets what was given on the command line, leaving the rest as it is.
    fileprivate func apply(to o: inout ShellOptions) throws {
        if let f = format {
            guard let parsed = ShellOptions.Format(rawValue: f) else {
                throw ValidationError("unknown format '\(f)'; use table, json, csv or ndjson")
            }
            o.format = parsed
        }
        o.noColor = o.noColor || noColor
        o.noJournal = o.noJournal || noJournal
        o.connection.profile = profile ?? o.connection.profile
        o.connection.baseURL = baseURL ?? o.connection.baseURL
        o.connection.timeout = timeout ?? o.connection.timeout
        o.connection.deadline = deadline ?? o.connection.deadline
        o.connection.retries = retries ?? o.connection.retries
        o.connection.retryBudget = retryBudget ?? o.connection.retryBudget
        o.connection.sandbox = o.connection.sandbox || sandbox
        o.connection.sandboxReset = o.connection.sandboxReset || sandboxReset
        o.connection.dryRun = o.connection.dryRun || dryRun
        o.connection.verbose = o.connection.verbose || verbose
        o.connection.insecureHTTP = o.connection.insecureHTTP || insecureHTTP
    }
}

extension ShellOptions {
    /// The shell's options: the root command's group, then the subcommand's own, whose settings
    /// win; a flag given in either counts.
    init(_ before: OptionsBeforeSubcommand, _ after: OptionsAfterSubcommand? = nil) throws {
        self.init()
        try before.apply(to: &self)
        try after?.apply(to: &self)
    }
}
