import CiviClient
import CiviCore
import Foundation
import Testing

/// A throwaway XDG config directory with an optional config file.
private struct ConfigDir {
    let root: String
    var configPath: String { root + "/civi/config.toml" }

    init(_ toml: String?, mode: Int = 0o600) throws {
        root = NSTemporaryDirectory() + "civi-settings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/civi", withIntermediateDirectories: true)
        if let toml {
            _ = FileManager.default.createFile(atPath: configPath, contents: Data(toml.utf8),
                                           attributes: [.posixPermissions: mode])
        }
    }

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["XDG_CONFIG_HOME": root, "HOME": root + "/home", "XDG_DATA_HOME": root + "/data"].merging(extra) { $1 }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

private let twoProfiles = """
    default_profile = "work"

    [profiles.work]
    base_url = "https://work.example.org/api/v2"
    api_key = "file-key-work-123456"
    timeout = 12
    retries = 2
    per_page = 50

    [profiles.work.paths]
    advocates = "/people"
    advocate = "/people/{id}"

    [profiles.work.fields]
    advocates = ["nickname", "pronouns"]

    [profiles.cmd]
    base_url = "https://cmd.example.org/api/v2"
    api_key_command = "printf 'from-command-key-987\\n'"
    """

@Suite("settings resolution")
struct SettingsTests {
    @Test("no key anywhere means sandbox mode with the XDG data path")
    func sandboxWhenNoKey() throws {
        let dir = try ConfigDir(nil)
        defer { dir.remove() }
        let s = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment())
        #expect(s.mode == .sandbox)
        #expect(s.apiKey == nil)
        #expect(s.profile == "default")
        #expect(s.sandboxDatabasePath == dir.root + "/data/civi/sandbox.sqlite")
        let home = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: ["HOME": dir.root])
        #expect(home.sandboxDatabasePath == dir.root + "/.local/share/civi/sandbox.sqlite")
        #expect(CiviSettings.configPath(environment: ["HOME": "/h"]) == "/h/.config/civi/config.toml")
    }

    @Test("the config file's default profile: key, URL, numbers and path overrides")
    func configFile() throws {
        let dir = try ConfigDir(twoProfiles)
        defer { dir.remove() }
        let s = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment())
        #expect(s.mode == .remote)
        #expect(s.profile == "work")
        #expect(s.baseURL == "https://work.example.org/api/v2")
        #expect(s.keySource == "config file \(dir.configPath) [profiles.work] api_key")
        #expect(s.timeout == 12 && s.retries == 2 && s.perPage == 50)
        #expect(s.resources.spec(named: "advocates")?.listPath == "/people")
        #expect(s.resources.spec(named: "advocates")?.path(forID: "adv_1") == "/people/adv_1")
        #expect(s.resources.spec(named: "advocates")?.knownFields.contains("nickname") == true)
        #expect(s.resources.spec(named: "campaigns")?.knownFields.contains("nickname") == false)
    }

    @Test("extra fields must name a resource and be lists of names")
    func badExtraFields() throws {
        for body in ["[profiles.p.fields]\npeople = [\"x\"]", "[profiles.p.fields]\nadvocates = \"x\""] {
            let dir = try ConfigDir("default_profile = \"p\"\n[profiles.p]\nbase_url = \"https://e.example.org/v2\"\napi_key = \"k-123456\"\n" + body)
            defer { dir.remove() }
            #expect(throws: CiviClientError.self) {
                _ = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment([:]))
            }
        }
    }

    @Test("flags beat environment, environment beats the file")
    func precedence() throws {
        let dir = try ConfigDir(twoProfiles)
        defer { dir.remove() }
        let env = dir.environment(["CIVICLICK_API_KEY": "env-key-abcdef", "CIVICLICK_BASE_URL": "https://env.example.org/v2"])
        let fromEnv = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: env)
        #expect(fromEnv.keySource == "CIVICLICK_API_KEY")
        #expect(fromEnv.baseURL == "https://env.example.org/v2")
        #expect(fromEnv.timeout == 12, "numbers still come from the profile")

        let flags = SettingsOverrides(baseURL: "https://flag.example.org/v2", apiKey: "flag-key-zyxwvu", timeout: 3, retries: 0)
        let fromFlags = try CiviSettings.resolve(overrides: flags, environment: env)
        #expect(fromFlags.keySource == "flag")
        #expect(fromFlags.baseURL == "https://flag.example.org/v2")
        #expect(fromFlags.timeout == 3 && fromFlags.retries == 0)

        let forced = try CiviSettings.resolve(overrides: SettingsOverrides(sandbox: true), environment: env)
        #expect(forced.mode == .sandbox)
    }

    @Test("CIVI_PROFILE and --profile pick profiles; api_key_command's output is the key")
    func profilesAndCommand() throws {
        let dir = try ConfigDir(twoProfiles)
        defer { dir.remove() }
        let s = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment(["CIVI_PROFILE": "cmd"]))
        #expect(s.profile == "cmd")
        #expect(s.keySource == "api_key_command of profile cmd")
        #expect(s.baseURL == "https://cmd.example.org/api/v2")
        let client = try CiviClient(settings: s)
        #expect(client.keySource == "api_key_command of profile cmd")
        #expect(!"\(s)".contains("from-command-key"))
        Task { await client.shutdown() }

        #expect(throws: CiviClientError.self) {
            try CiviSettings.resolve(overrides: SettingsOverrides(profile: "nope"), environment: dir.environment())
        }
    }

    @Test("a key-holding config readable by others is refused with the chmod fix")
    func permissions() throws {
        let dir = try ConfigDir(twoProfiles, mode: 0o644)
        defer { dir.remove() }
        do {
            _ = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment())
            Issue.record("expected a refusal")
        } catch {
            #expect(error.report.hint == "chmod 600 \(dir.configPath)")
            #expect(error.report.code == "configuration")
        }
        let keyless = try ConfigDir("[profiles.default]\nbase_url = \"https://x.example.org\"\n", mode: 0o644)
        defer { keyless.remove() }
        #expect(try CiviSettings.resolve(overrides: SettingsOverrides(), environment: keyless.environment()).mode == .sandbox)
    }

    @Test("http:// is refused for hosts that are not loopback unless insecure HTTP is asked for")
    func httpRefused() throws {
        let dir = try ConfigDir(nil)
        defer { dir.remove() }
        let env = dir.environment(["CIVICLICK_API_KEY": "k-123456", "CIVICLICK_BASE_URL": "http://api.example.org/v2"])
        #expect(throws: CiviClientError.self) { try CiviSettings.resolve(overrides: SettingsOverrides(), environment: env) }
        #expect(throws: CiviClientError.self) {
            try CiviClient(baseURL: "http://10.1.2.3/api/v2", apiKey: testKey, keySource: "flag")
        }
        let allowed = try CiviSettings.resolve(overrides: SettingsOverrides(insecureHTTP: true), environment: env)
        #expect(allowed.baseURL == "http://api.example.org/v2")
        for url in ["http://127.0.0.1:8787/api/v2", "http://localhost:1/x", "http://[::1]:8/x", "http://127.9.8.7/x"] {
            let client = try CiviClient(baseURL: url, apiKey: testKey, keySource: "flag")
            Task { await client.shutdown() }
        }
        #expect(throws: CiviClientError.self) {
            try CiviClient(baseURL: "http://127.0.0.1.example.org/x", apiKey: testKey, keySource: "flag")
        }
    }

    @Test("bad config values are clear errors naming the key")
    func badValues() throws {
        let dir = try ConfigDir("[profiles.default]\nper_page = 500\n")
        defer { dir.remove() }
        do {
            _ = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment())
            Issue.record("expected an error")
        } catch {
            #expect(error.report.message.contains("profiles.default.per_page"))
        }
        let broken = try ConfigDir("[profiles.default\n")
        defer { broken.remove() }
        #expect(throws: CiviClientError.self) {
            try CiviSettings.resolve(overrides: SettingsOverrides(), environment: broken.environment())
        }
    }

    @Test("a config file that is a device is refused with its reason instead of read forever")
    func deviceAsConfigFile() throws {
        let dir = try ConfigDir(nil)
        defer { dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: dir.configPath, withDestinationPath: "/dev/zero")
        do {
            _ = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: dir.environment())
            Issue.record("expected an error")
        } catch {
            #expect(error.report.message == "cannot read the config file \(dir.configPath): it is a character device, not a regular file")
        }
    }

    @Test("journal = false at the top or in a profile turns the journal off; a profile's setting wins")
    func journalSetting() throws {
        let defaults = try CiviSettings.resolve(overrides: SettingsOverrides(), environment: ["HOME": "/nonexistent"])
        #expect(defaults.journal)
        let off = try ConfigDir("journal = false\n[profiles.default]\n")
        defer { off.remove() }
        #expect(try !CiviSettings.resolve(overrides: SettingsOverrides(), environment: off.environment()).journal)
        let profileWins = try ConfigDir("journal = false\n[profiles.default]\njournal = true\n")
        defer { profileWins.remove() }
        #expect(try CiviSettings.resolve(overrides: SettingsOverrides(), environment: profileWins.environment()).journal)
        let bad = try ConfigDir("journal = \"no\"\n")
        defer { bad.remove() }
        #expect(throws: CiviClientError.configuration(message: "\(bad.configPath): 'journal' must be true or false", hint: nil)) {
            try CiviSettings.resolve(overrides: SettingsOverrides(), environment: bad.environment())
        }
    }
}
