import CiviClient
import CiviCore
import CiviSandbox
import Synchronization

/// The way to the API, made on first use: settings resolved (flags > env > config file), then
/// either the embedded sandbox started and a client pointed at it, or a client for the remote API.
/// Nothing here runs at startup, so `civi -e '1'` never reads config or opens a connection.
final class Connection: Sendable {
    private struct Live: Sendable {
        var settings: ResolvedSettings
        var client: CiviClient
        var sandbox: SandboxServer?
    }

    let options: ShellOptions
    let environment: [String: String]
    let bridge = BlockingBridge()
    private let settingsCache = Mutex<Result<ResolvedSettings, CiviClientError>?>(nil)
    private let live = Mutex<Live?>(nil)
    /// `:verbose on|off` as last asked for (nil: as the settings say), applied to a client made later too.
    private let verboseChoice = Mutex<Bool?>(nil)
    private let progress = ProgressLine()

    init(options: ShellOptions, environment: [String: String]) {
        self.options = options
        self.environment = environment
    }

    /// The resolved settings (read once).
    func settings() throws -> ResolvedSettings {
        if let cached = settingsCache.withLock({ $0 }) { return try cached.get() }
        let result: Result<ResolvedSettings, CiviClientError>
        do { result = .success(try CiviSettings.resolve(overrides: options.connection, environment: environment)) } catch let e as CiviClientError {
            result = .failure(e)
        } catch {
            result = .failure(.configuration(message: "\(error)", hint: nil))
        }
        settingsCache.withLock { $0 = result }
        return try result.get()
    }

    /// The client, connecting (and starting the embedded sandbox) on first use.
    func client() throws -> CiviClient {
        if let c = live.withLock({ $0?.client }) { return c }
        let s = try settings()
        let made: Live
        if s.mode == .sandbox {
            var sandboxOptions = SandboxOptions()
            if options.sandboxInMemory {
                sandboxOptions.anchorMs = options.sandboxAnchorMs
            } else {
                sandboxOptions.dbPath = s.sandboxDatabasePath
                sandboxOptions.reset = s.sandboxReset
                Directories.makeParents(of: s.sandboxDatabasePath)
            }
            if Terminal.isTTY(2) { Terminal.writeError("starting the embedded sandbox…\r") }
            let startOptions = sandboxOptions
            let server = try bridge.wait { try await SandboxServer.start(startOptions) }
            if Terminal.isTTY(2) { Terminal.writeError("\u{1B}[2K\r") }
            let connected = s.connectingToSandbox(baseURL: server.baseURL, apiKey: server.apiKey)
            made = Live(settings: connected, client: try CiviClient(settings: connected), sandbox: server)
        } else {
            made = Live(settings: s, client: try CiviClient(settings: s), sandbox: nil)
        }
        if let verbose = verboseChoice.withLock({ $0 }) { made.client.setVerbose(verbose) }
        if Terminal.isTTY(2) {
            let line = progress
            made.client.setProgressHandler { p in line.show(p) }
        }
        // Another thread may have connected meanwhile (parallel workers): keep the first.
        let (winner, loser) = live.withLock { state -> (Live, Live?) in
            if let existing = state { return (existing, made) }
            state = made
            return (made, nil)
        }
        if let loser {
            let b = bridge
            _ = try? b.wait { await loser.client.shutdown(); await loser.sandbox?.stop() }
        }
        return winner.client
    }

    /// Requests sent so far (attempts, including retries).
    var requestCount: Int { live.withLock { $0?.client.requestCount } ?? 0 }
    /// Logical requests started so far (each once however often retried); the numbers `:curl` selects by.
    var logicalRequestCount: Int { live.withLock { $0?.client.logicalRequestCount } ?? 0 }

    /// The client, if connected (never connects).
    var connectedClient: CiviClient? { live.withLock { $0?.client } }

    /// The embedded sandbox's key while it runs: made up for this session and local, so `:curl` may show it.
    var embeddedSandboxKey: String? { live.withLock { $0?.sandbox?.apiKey } }

    /// `:verbose on|off`: log one line per request from now on.
    func setVerbose(_ on: Bool) {
        verboseChoice.withLock { $0 = on }
        connectedClient?.setVerbose(on)
    }

    /// True when requests are logged (`--verbose`, `CIVI_LOG=debug` or `:verbose on`).
    var isVerbose: Bool {
        if let client = connectedClient { return client.isVerbose }
        return verboseChoice.withLock { $0 } ?? (options.connection.verbose || environment["CIVI_LOG"]?.lowercased() == "debug")
    }

    /// The resource table, when settings are already resolved (completion must not block).
    var resourcesIfResolved: ResourceTable? {
        guard case .success(let s)? = settingsCache.withLock({ $0 }) else { return nil }
        return s.resources
    }

    /// The API's host as the journal records it: `sandbox` for the embedded one, else the base
    /// URL's host and port (never the key, which is never in the URL).
    var apiHostName: String {
        guard let s = try? settings() else { return "unconfigured" }
        guard s.mode == .remote else { return "sandbox" }
        return s.baseURLHost ?? "sandbox"
    }

    /// `sandbox` or the profile name, for the prompt.
    var promptLabel: String {
        guard let s = try? settings() else { return "unconfigured" }
        return s.mode == .sandbox ? "sandbox" : s.profile
    }

    /// Where writes go, for plans (made here, applied only here): the API's host and port, never
    /// the key or the rest of the URL; the embedded sandbox by its data file (its port changes).
    var targetLabel: String {
        guard let s = try? settings() else { return "unconfigured" }
        if s.mode == .sandbox { return "embedded sandbox " + s.sandboxDatabasePath }
        return s.baseURLHost ?? ""
    }

    /// One line saying where requests go.
    var modeDescription: String {
        do {
            let s = try settings()
            if s.mode == .sandbox {
                return "sandbox mode: the embedded sandbox, data in \(s.sandboxDatabasePath) (no API key configured or --sandbox)"
            }
            return "profile \(s.profile): \(s.baseURL ?? "?") (key from \(s.keySource))"
        } catch {
            return "configuration error: \(error)"
        }
    }

    /// True when `text` contains the API key in use (so it never lands in history).
    func containsSecret(_ text: String) -> Bool {
        if let key = environment["CIVICLICK_API_KEY"], !key.isEmpty, text.contains(key) { return true }
        if let s = try? settings(), let key = s.apiKey, key.occurs(in: text) { return true }
        if let key = live.withLock({ $0?.settings.apiKey }), key.occurs(in: text) { return true }
        return false
    }

    /// `:last`: the last request and response summary.
    func lastRequestSummary() -> String? {
        guard let e = live.withLock({ $0?.client.lastRequest }) else { return nil }
        var out = "\(e.method) \(e.url)\n"
        out += "status: \(e.status.map(String.init) ?? "no response")"
        if let f = e.failure { out += " (\(f))" }
        out += "\ntime: \(String(format3: e.duration)) s, attempts: \(e.attempts)"
        if let id = e.requestID { out += "\nrequest id: \(id)" }
        return out
    }

    /// `:config`: the settings in force, without the key.
    func configurationSummary() -> String {
        do {
            let s = try live.withLock({ $0?.settings }) ?? settings()
            var out = "mode: \(s.mode.rawValue)\nprofile: \(s.profile)\n"
            out += "base url: \(s.baseURL ?? "(embedded sandbox, started on first request)")\n"
            out += "key: \(s.apiKey == nil ? "none" : "from \(s.keySource)")\n"
            out += "config file: \(s.configPath ?? "none")\n"
            let retries = s.retries.map { "at most \($0)" } ?? "while the budget lasts"
            out += "timeout: \(s.timeout) s idle, \(s.deadline) s in all; retries: \(retries), "
                + "budget \(s.retryBudget) s; per_page: \(s.perPage)\n"
            if s.mode == .sandbox { out += "sandbox data: \(s.sandboxDatabasePath)\n" }
            out += "paths:"
            for r in s.resources.resources { out += "\n  \(r.name) \(r.listPath)   \(r.singular) \(r.itemPath)" }
            return out
        } catch {
            return "configuration error: \(error)"
        }
    }

    /// Clears the progress line, if one is showing.
    func clearProgress() { progress.clear() }

    /// Closes the client and stops the embedded sandbox.
    func shutdown() {
        guard let l = live.withLock({ state -> Live? in
            defer { state = nil }
            return state
        }) else { return }
        bridge.resume()
        _ = try? bridge.wait {
            await l.client.shutdown()
            await l.sandbox?.stop()
        }
    }
}
