import CiviCore
import Foundation

/// Resolves settings: command line > environment > config file > defaults.
public enum CiviSettings {
    /// Default idle timeout (longest silence from the server), seconds.
    public static let defaultTimeout = 30.0
    /// Default deadline of one attempt, body included, seconds.
    public static let defaultDeadline = 300.0
    /// Default time budget for retrying a busy API, seconds (the API's spikes pass within five minutes).
    public static let defaultRetryBudget = RetryPolicy.defaultBudget
    /// Default page size for streams.
    public static let defaultPerPage = 100
    /// Default number of list pages fetched at once when a stream is wanted whole and its page
    /// count is known: at 20 ms per page, 16 in flight bring a listing to the decoding floor.
    public static let defaultPageConcurrency = 16
    /// The most list pages in flight at once (the connection pool holds 64 per host).
    public static let maxPageConcurrency = 64

    /// Where the config file is looked for under `environment`.
    public static func configPath(environment: [String: String]) -> String {
        ConfigFile.location(environment: environment)
    }

    /// Where the embedded sandbox keeps its data: `$XDG_DATA_HOME/civi/sandbox.sqlite`,
    /// else `~/.local/share/civi/sandbox.sqlite`.
    public static func sandboxDatabasePath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/civi/sandbox.sqlite" }
        return homeDirectory(environment) + "/.local/share/civi/sandbox.sqlite"
    }

    /// Resolves everything; reads the config file (if any) and runs `api_key_command` only here.
    public static func resolve(overrides: SettingsOverrides,
                               environment: [String: String]) throws(CiviClientError) -> ResolvedSettings {
        let path = configPath(environment: environment)
        let file = try ConfigFile.load(path: path)
        let shownPath = abbreviate(path, environment: environment)

        let profileName = overrides.profile ?? nonEmpty(environment["CIVI_PROFILE"]) ?? file?.defaultProfile ?? "default"
        let explicitProfile = overrides.profile != nil || nonEmpty(environment["CIVI_PROFILE"]) != nil
            || file?.defaultProfile != nil
        let profile = file?.profiles[profileName]
        if profile == nil && explicitProfile {
            let known = file.map { $0.profiles.keys.sorted().joined(separator: ", ") } ?? ""
            throw .configuration(
                message: "no profile '\(profileName)' in \(shownPath)",
                hint: known.isEmpty ? "add a [profiles.\(profileName)] table to \(shownPath)" : "known profiles: \(known)")
        }

        var key: APIKey?
        var keySource = "none"
        if let k = nonEmpty(overrides.apiKey) {
            key = APIKey(k); keySource = "flag"
        } else if let k = nonEmpty(environment["CIVICLICK_API_KEY"]) {
            key = APIKey(k); keySource = "CIVICLICK_API_KEY"
        } else if let k = nonEmpty(profile?.apiKey) {
            key = APIKey(k); keySource = "config file \(shownPath) [profiles.\(profileName)] api_key"
        } else if let command = nonEmpty(profile?.apiKeyCommand), !overrides.sandbox {
            key = try runKeyCommand(command, profile: profileName)
            keySource = "api_key_command of profile \(profileName)"
        }

        var resources = ResourceTable.civiClick
        for (k, p) in profile?.paths ?? [] {
            if let problem = resources.overridePath(k, with: p) {
                throw .configuration(message: "\(shownPath) [profiles.\(profileName).paths]: \(problem)", hint: nil)
            }
        }
        for (resource, names) in profile?.fields ?? [] {
            if let problem = resources.addKnownFields(names, to: resource) {
                throw .configuration(message: "\(shownPath) [profiles.\(profileName).fields]: \(problem)", hint: nil)
            }
        }

        let timeout = overrides.timeout ?? profile?.timeout ?? defaultTimeout
        guard timeout > 0 else { throw .configuration(message: "timeout must be positive, not \(timeout)", hint: nil) }
        let deadline = overrides.deadline ?? profile?.deadline ?? defaultDeadline
        guard deadline > 0 else { throw .configuration(message: "deadline must be positive, not \(deadline)", hint: nil) }
        let retries = overrides.retries ?? profile?.retries
        if let retries, retries < 0 {
            throw .configuration(message: "retries must be 0 or more, not \(retries)", hint: nil)
        }
        let retryBudget = overrides.retryBudget ?? profile?.retryBudget ?? defaultRetryBudget
        guard retryBudget >= 0 else {
            throw .configuration(message: "retry budget must be 0 or more seconds, not \(retryBudget)", hint: nil)
        }
        let perPage = overrides.perPage ?? profile?.perPage ?? defaultPerPage
        guard (1...100).contains(perPage) else {
            throw .configuration(message: "per_page must be between 1 and 100, not \(perPage)", hint: nil)
        }

        let pageConcurrency = try resolvePageConcurrency(environment["CIVI_PAGE_CONCURRENCY"])

        let mode: ConnectionMode = (key == nil || overrides.sandbox) ? .sandbox : .remote
        var baseURL: String?
        if mode == .remote {
            guard let url = nonEmpty(overrides.baseURL) ?? nonEmpty(environment["CIVICLICK_BASE_URL"])
                ?? nonEmpty(profile?.baseURL) else {
                throw .configuration(
                    message: "an API key is set (from \(keySource)) but no base URL",
                    hint: "set CIVICLICK_BASE_URL, --base-url, or base_url in [profiles.\(profileName)]")
            }
            baseURL = try URLPolicy.validate(url, insecureHTTP: overrides.insecureHTTP)
        }

        var resolved = ResolvedSettings(
            mode: mode, profile: profileName, baseURL: baseURL, apiKey: mode == .remote ? key : nil,
            keySource: mode == .remote ? keySource : "none", timeout: timeout, deadline: deadline,
            retries: retries, retryBudget: retryBudget, perPage: perPage, pageConcurrency: pageConcurrency,
            resources: resources, sandboxDatabasePath: sandboxDatabasePath(environment: environment),
            sandboxReset: overrides.sandboxReset, insecureHTTP: overrides.insecureHTTP, dryRun: overrides.dryRun,
            verbose: overrides.verbose, configPath: file == nil ? nil : path)
        resolved.journal = profile?.journal ?? file?.journal ?? true
        return resolved
    }

    /// `CIVI_PAGE_CONCURRENCY`: a whole number from 1 to `maxPageConcurrency`; unset or empty is the default.
    private static func resolvePageConcurrency(_ text: String?) throws(CiviClientError) -> Int {
        guard let text = nonEmpty(text) else { return defaultPageConcurrency }
        guard let n = Int(text), (1...maxPageConcurrency).contains(n) else {
            throw .configuration(message: "CIVI_PAGE_CONCURRENCY must be a whole number from 1 to \(maxPageConcurrency), not '\(text)'",
                                 hint: "it is how many list pages are fetched at once; unset it for the default (\(defaultPageConcurrency))")
        }
        return n
    }

    /// Runs `api_key_command` through `/bin/sh -c`; its trimmed stdout is the key.
    private static func runKeyCommand(_ command: String, profile: String) throws(CiviClientError) -> APIKey {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .configuration(message: "api_key_command of profile \(profile) could not start: \(error)", hint: nil)
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // The command's output is the key, so no part of it goes into a message.
        guard process.terminationStatus == 0 else {
            throw .configuration(
                message: "api_key_command of profile \(profile) failed (exit \(process.terminationStatus))",
                hint: "run the command by hand to see why")
        }
        let key = APIKey(String(decoding: data, as: UTF8.self))
        guard !key.isEmpty else {
            throw .configuration(message: "api_key_command of profile \(profile) printed nothing", hint: nil)
        }
        return key
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    private static func abbreviate(_ path: String, environment: [String: String]) -> String {
        let home = homeDirectory(environment)
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }
}
