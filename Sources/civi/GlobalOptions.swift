import ArgumentParser
import CiviShell

/// Options every command accepts: the connection, output and safety switches.
struct GlobalOptions: ParsableArguments {
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

    /// The shell's view of these options.
    func shellOptions() throws -> ShellOptions {
        var o = ShellOptions()
        o.profile = profile
        o.baseURL = baseURL
        o.sandbox = sandbox
        o.sandboxReset = sandboxReset
        if let f = format {
            guard let parsed = ShellOptions.Format(rawValue: f) else {
                throw ValidationError("unknown format '\(f)'; use table, json, csv or ndjson")
            }
            o.format = parsed
        }
        o.dryRun = dryRun
        o.noColor = noColor
        o.timeout = timeout
        o.deadline = deadline
        o.retries = retries
        o.retryBudget = retryBudget
        o.verbose = verbose
        o.insecureHTTP = insecureHTTP
        return o
    }
}
