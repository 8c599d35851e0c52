import AsyncHTTPClient
import CiviCore
import Foundation
import Logging
import NIOCore
import Synchronization

/// The one client every civi request goes through: auth, retries, paging, request log.
///
/// One shared `HTTPClient` (connection pool with keep-alive) serves all requests; call
/// `shutdown()` when done with the client.
public final class CiviClient: Sendable {
    /// The API base URL without a trailing slash, e.g. `https://api.example.org/api/v2`.
    public let baseURL: String
    /// Where the key came from (for messages); never the key.
    public let keySource: String
    /// The resource table in force.
    public let resources: ResourceTable
    /// Page size for streams without a `take` limit.
    public let perPage: Int
    /// Pages fetched ahead of the consumer (0 turns prefetching off).
    public let prefetchDepth: Int
    /// List pages in flight at once when a stream is wanted whole and its page count is known.
    public let pageConcurrency: Int
    /// Idle timeout in seconds: the longest silence while connecting or waiting for any part
    /// of the response (head or body).
    public let timeout: Double
    /// The longest one attempt may take in all, body included, in seconds.
    public let deadline: Double
    /// When and how long to retry.
    public let retryPolicy: RetryPolicy

    let apiKey: APIKey
    let host: String
    /// `scheme://host[:port]` as the base URL spells it; every request URL starts with it.
    let origin: String
    /// The base URL's origin, normalised for comparing with the origin of a link.
    let baseOrigin: URLPolicy.Origin
    /// The base URL's path, e.g. `/api/v2`.
    let basePath: String
    let http: HTTPClient
    /// The request log's logger; `setVerbose` changes its level while the client is in use.
    private let loggerBox: Mutex<Logger>
    var logger: Logger { loggerBox.withLock { $0 } }
    let counters = Mutex(ClientCounters())
    /// Open listings and writes in flight (see `WriteWatch`).
    let writeRegistry = Mutex(WriteRegistry())
    let progressHandler = Mutex<(@Sendable (PageProgress) -> Void)?>(nil)
    let shutDown = Mutex(false)
    let noticesOnTerminal: Bool

    /// A client for resolved settings (remote, or sandbox after `connectingToSandbox`).
    public convenience init(settings: ResolvedSettings, prefetchDepth: Int = 1,
                            logger: Logger? = nil) throws(CiviClientError) {
        guard let baseURL = settings.baseURL, let key = settings.apiKey else {
            throw .configuration(message: "no API base URL and key to connect to",
                                 hint: "in sandbox mode, start the sandbox and use settings.connectingToSandbox(...)")
        }
        try self.init(baseURL: baseURL, apiKey: key.secret, keySource: settings.keySource,
                      resources: settings.resources, perPage: settings.perPage, prefetchDepth: prefetchDepth,
                      pageConcurrency: settings.pageConcurrency,
                      timeout: settings.timeout, deadline: settings.deadline,
                      retryPolicy: RetryPolicy(retries: settings.retries, budget: settings.retryBudget),
                      insecureHTTP: settings.insecureHTTP, logger: logger ?? Self.defaultLogger(verbose: settings.verbose))
    }

    /// A client for an explicit base URL and key (tests, the embedded sandbox).
    ///
    /// `logger` defaults to one labelled `civi.client` writing to stderr, at `debug` when
    /// `CIVI_LOG=debug` (one line per request, key shown as `Bearer ***`), else `notice`.
    /// `retryNotices` prints waiting notices on stderr; nil means "when stderr is a terminal".
    public init(baseURL: String, apiKey: String, keySource: String, resources: ResourceTable = .civiClick,
                perPage: Int = CiviSettings.defaultPerPage, prefetchDepth: Int = 1,
                pageConcurrency: Int = CiviSettings.defaultPageConcurrency,
                timeout: Double = CiviSettings.defaultTimeout, deadline: Double = CiviSettings.defaultDeadline,
                retryPolicy: RetryPolicy = RetryPolicy(),
                insecureHTTP: Bool = false, logger: Logger? = nil, retryNotices: Bool? = nil) throws(CiviClientError) {
        let url = try URLPolicy.validate(baseURL, insecureHTTP: insecureHTTP)
        guard let parts = URLPolicy.parts(of: url), let baseOrigin = URLPolicy.origin(of: url) else {
            throw .configuration(message: "base URL '\(baseURL)' is not a URL", hint: nil)
        }
        let key = APIKey(apiKey)
        guard !key.isEmpty else { throw .configuration(message: "the API key from \(keySource) is empty", hint: nil) }
        guard (1...100).contains(perPage) else {
            throw .configuration(message: "per_page must be between 1 and 100, not \(perPage)", hint: nil)
        }
        self.baseURL = url
        self.apiKey = key
        self.keySource = keySource
        self.resources = resources
        self.perPage = perPage
        self.prefetchDepth = max(0, prefetchDepth)
        guard (1...CiviSettings.maxPageConcurrency).contains(pageConcurrency) else {
            throw .configuration(message: "page concurrency must be between 1 and \(CiviSettings.maxPageConcurrency), not \(pageConcurrency)",
                                 hint: nil)
        }
        self.pageConcurrency = pageConcurrency
        guard timeout > 0, deadline > 0 else {
            throw .configuration(message: "timeout and deadline must be positive, not \(timeout) and \(deadline)", hint: nil)
        }
        self.timeout = timeout
        self.deadline = deadline
        self.baseOrigin = baseOrigin
        self.retryPolicy = retryPolicy
        self.host = parts.host
        self.basePath = parts.rest.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        self.origin = String(url.dropLast(parts.rest.count))
        self.loggerBox = Mutex(logger ?? Self.defaultLogger(verbose: false))
        self.noticesOnTerminal = retryNotices ?? (isatty(2) == 1)
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow)
        // `parallel N` runs up to 64 writes at once; the pool must not be the narrower limit.
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        // Our own retry loop decides about reconnecting (with backoff, counted, and reported);
        // the pool's silent reconnecting would hide a refused connection until the deadline.
        config.connectionPool.retryConnectionEstablishment = false
        config.timeout.connect = .milliseconds(Int64(min(timeout, 10) * 1000))
        // The idle timer restarts with every part of the response, so a server that trickles
        // its body is caught too; `deadline` bounds the whole attempt (see `attempt`).
        config.timeout.read = .milliseconds(Int64(timeout * 1000))
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    deinit {
        // A client dropped without shutdown() must not trip AsyncHTTPClient's debug assertion.
        if !shutDown.withLock({ $0 }) { http.shutdown { _ in } }
    }

    /// Closes pooled connections; the client sends nothing afterwards.
    public func shutdown() async {
        let first = shutDown.withLock { done in
            defer { done = true }
            return !done
        }
        if first { try? await http.shutdown() }
    }

    /// HTTP attempts sent so far, retries included.
    public var requestCount: Int { counters.withLock { $0.attempts } }
    /// Logical requests sent so far (each counted once however often it was retried).
    public var logicalRequestCount: Int { counters.withLock { $0.logical } }
    /// The last (up to) 50 requests, oldest first, key redacted.
    public var recentRequests: [RequestLogEntry] { counters.withLock { $0.ring.ordered } }
    /// How many requests `recentRequests` keeps.
    public var requestLogCapacity: Int { counters.withLock { $0.ring.capacity } }
    /// The most recent request.
    public var lastRequest: RequestLogEntry? { recentRequests.last }
    /// Writes (create, update, delete, raw non-GET) to `resource` sent so far, counted as they
    /// start, failed ones included (a failed write may still have been applied).
    public func writeCount(resource: String) -> Int { counters.withLock { $0.writes[resource] ?? 0 } }

    /// Logs one line per request (as `--verbose` does) when `on`, else only notices (the REPL's `:verbose`).
    public func setVerbose(_ on: Bool) {
        loggerBox.withLock { $0.logLevel = on ? .debug : .notice }
    }

    /// True when every request is logged.
    public var isVerbose: Bool { loggerBox.withLock { $0.logLevel <= .debug } }

    /// Sets (or clears) the callback told about each page a stream fetches.
    public func setProgressHandler(_ handler: (@Sendable (PageProgress) -> Void)?) {
        progressHandler.withLock { $0 = handler }
    }

    private static func defaultLogger(verbose: Bool) -> Logger {
        // stderr, so debug lines never mix with a script's output on stdout. `--verbose` and
        // CIVI_LOG=debug both log one line per request (the key shown as `Bearer ***`).
        var logger = Logger(label: "civi.client", factory: { label in StreamLogHandler.standardError(label: label) })
        let debug = verbose || ProcessInfo.processInfo.environment["CIVI_LOG"]?.lowercased() == "debug"
        logger.logLevel = debug ? .debug : .notice
        return logger
    }
}
