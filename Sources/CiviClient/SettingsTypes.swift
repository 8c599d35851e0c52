import CiviCore

/// What the command line says; every field left nil falls through to environment and config file.
public struct SettingsOverrides: Sendable {
    /// `--profile NAME`.
    public var profile: String?
    /// `--base-url URL`.
    public var baseURL: String?
    /// `--api-key KEY` (discouraged: visible in the process list, but supported).
    public var apiKey: String?
    /// `--sandbox`: use the embedded sandbox even when a key is configured.
    public var sandbox: Bool
    /// `--sandbox-reset`: start the embedded sandbox from fresh data.
    public var sandboxReset: Bool
    /// `--timeout SECONDS` (idle timeout).
    public var timeout: Double?
    /// `--deadline SECONDS` (longest one attempt may take in all).
    public var deadline: Double?
    /// `--retries N`.
    public var retries: Int?
    /// `--retry-budget SECONDS`.
    public var retryBudget: Double?
    /// `--per-page N`.
    public var perPage: Int?
    /// `--insecure-http`: allow `http://` to a host that is not loopback.
    public var insecureHTTP: Bool
    /// `--dry-run`: writes print what they would send.
    public var dryRun: Bool
    /// `--verbose`.
    public var verbose: Bool

    /// Overrides with nothing set.
    public init(profile: String? = nil, baseURL: String? = nil, apiKey: String? = nil, sandbox: Bool = false,
                sandboxReset: Bool = false, timeout: Double? = nil, deadline: Double? = nil, retries: Int? = nil,
                retryBudget: Double? = nil, perPage: Int? = nil,
                insecureHTTP: Bool = false, dryRun: Bool = false, verbose: Bool = false) {
        self.profile = profile
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.sandbox = sandbox
        self.sandboxReset = sandboxReset
        self.timeout = timeout
        self.deadline = deadline
        self.retries = retries
        self.retryBudget = retryBudget
        self.perPage = perPage
        self.insecureHTTP = insecureHTTP
        self.dryRun = dryRun
        self.verbose = verbose
    }
}

/// Whether civi talks to a remote API or to its embedded sandbox.
public enum ConnectionMode: String, Sendable, Equatable {
    /// The embedded in-process sandbox (no key configured, or `--sandbox`).
    case sandbox
    /// A remote API reached with a configured key.
    case remote
}

/// The settings in force after resolution; safe to print (the key shows as `***`).
public struct ResolvedSettings: Sendable, CustomStringConvertible {
    /// Sandbox or remote.
    public var mode: ConnectionMode
    /// The profile in use (`default` when the config file names none).
    public var profile: String
    /// The API base URL, e.g. `https://api.example.org/api/v2`; nil in sandbox mode until the
    /// sandbox is started (see `connectingToSandbox`).
    public var baseURL: String?
    /// The key; only the client reads its text.
    public var apiKey: APIKey?
    /// Where the key came from, e.g. `CIVICLICK_API_KEY` (for messages; never the key itself).
    public var keySource: String
    /// Idle timeout in seconds (longest silence from the server, body included).
    public var timeout: Double
    /// The longest one attempt may take in all, in seconds.
    public var deadline: Double
    /// Most retries of one request; nil: a busy API is retried until `retryBudget` runs out,
    /// other failures `RetryPolicy.defaultFaultRetries` times.
    public var retries: Int?
    /// Seconds from a request's first attempt after which no retry is started.
    public var retryBudget: Double
    /// Page size for streams without a `take` limit (1...100).
    public var perPage: Int
    /// List pages fetched at once when a stream is wanted whole (`CIVI_PAGE_CONCURRENCY`).
    public var pageConcurrency: Int = CiviSettings.defaultPageConcurrency
    /// The resource table with the profile's path overrides applied.
    public var resources: ResourceTable
    /// Where the embedded sandbox keeps its data.
    public var sandboxDatabasePath: String
    /// Start the sandbox from fresh data.
    public var sandboxReset: Bool
    /// `http://` to a non-loopback host was explicitly allowed.
    public var insecureHTTP: Bool
    /// Writes print what they would send.
    public var dryRun: Bool
    /// Chatty output.
    public var verbose: Bool
    /// The config file that was read, if one existed.
    public var configPath: String?
    /// Writes are recorded in the journal (`journal = false` in the config file turns it off).
    public var journal = true

    /// The base URL's `host[:port]` (never a `user:password@` part), for journals and plans.
    public var baseURLHost: String? { baseURL.flatMap(URLPolicy.hostAndPort(of:)) }

    /// `mode profile base-url key-source`, without the key.
    public var description: String {
        let key = apiKey == nil ? "no key" : "key from \(keySource)"
        return "\(mode.rawValue) profile=\(profile) base_url=\(baseURL ?? "(sandbox)") \(key)"
    }

    /// These settings pointed at a started embedded sandbox (its URL and generated key).
    public func connectingToSandbox(baseURL: String, apiKey: String) -> ResolvedSettings {
        var s = self
        s.mode = .sandbox
        s.baseURL = baseURL
        s.apiKey = APIKey(apiKey)
        s.keySource = "the embedded sandbox"
        return s
    }
}
