import CiviCore
import Foundation
import TOMLKit

/// One `[profiles.NAME]` table of the config file.
struct ConfigProfile: Sendable {
    var baseURL: String?
    var apiKey: String?
    var apiKeyCommand: String?
    var timeout: Double?
    var deadline: Double?
    var retries: Int?
    var retryBudget: Double?
    var perPage: Int?
    /// `journal = false`: this profile's writes are not journaled.
    var journal: Bool?
    /// `[profiles.NAME.paths]`: resource-table path overrides, in file order.
    var paths: [(key: String, path: String)] = []
    /// `[profiles.NAME.fields]`: fields the API returns beyond the contract's, per resource.
    var fields: [(resource: String, names: [String])] = []
}

/// The parsed `config.toml`: `default_profile` and the profiles.
struct ConfigFile: Sendable {
    var path: String
    var defaultProfile: String?
    /// Top-level `journal = false`: writes are not journaled (a profile's own setting wins).
    var journal: Bool?
    var profiles: [String: ConfigProfile]

    /// The config file's location: `$XDG_CONFIG_HOME/civi/config.toml`, else `~/.config/civi/config.toml`.
    static func location(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/civi/config.toml" }
        return homeDirectory(environment) + "/.config/civi/config.toml"
    }

    /// Reads and checks the file at `path`; nil when there is none.
    static func load(path: String) throws(CiviClientError) -> ConfigFile? {
        let data: [UInt8]
        do throws(WholeFile.Failure) { data = try WholeFile.read(path: path, allowSpecial: false) } catch {
            if error == .system(ENOENT) { return nil }
            throw .configuration(message: "cannot read the config file \(path): \(error.reason)",
                                 hint: error == .system(EACCES) ? "check its permissions" : nil)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: String(decoding: data, as: UTF8.self))
        } catch let e as TOMLParseError {
            throw .configuration(message: "\(path): line \(e.source.begin.line), column \(e.source.begin.column): "
                                 + e.description, hint: nil)
        } catch {
            throw .configuration(message: "\(path): \(error)", hint: nil)
        }
        let file = try parse(table, path: path)
        if file.profiles.values.contains(where: { $0.apiKey != nil }) {
            try checkPrivate(path)
        }
        return file
    }

    /// Refuses a key-holding file that group or others can read.
    private static func checkPrivate(_ path: String) throws(CiviClientError) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if st.st_mode & 0o077 != 0 {
            let mode = String(st.st_mode & 0o777, radix: 8)
            throw .configuration(
                message: "refusing to use \(path): it holds an api_key but is readable by others (mode \(mode))",
                hint: "chmod 600 \(path)")
        }
    }

    private static func parse(_ table: TOMLTable, path: String) throws(CiviClientError) -> ConfigFile {
        var file = ConfigFile(path: path, defaultProfile: nil, profiles: [:])
        for key in table.keys {
            switch key {
            case "default_profile":
                guard let s = table[key]?.string else { throw wrongType(path, key, "a string") }
                file.defaultProfile = s
            case "journal":
                guard let b = table[key]?.bool else { throw wrongType(path, key, "true or false") }
                file.journal = b
            case "profiles":
                guard let profiles = table[key]?.table else { throw wrongType(path, key, "a table") }
                for name in profiles.keys {
                    guard let t = profiles[name]?.table else { throw wrongType(path, "profiles.\(name)", "a table") }
                    file.profiles[name] = try parseProfile(t, name: name, path: path)
                }
            default:
                throw .configuration(message: "\(path): unknown key '\(key)'",
                                     hint: "top-level keys are default_profile, journal and [profiles.NAME]")
            }
        }
        return file
    }

    private static func parseProfile(_ t: TOMLTable, name: String, path: String) throws(CiviClientError) -> ConfigProfile {
        var p = ConfigProfile()
        let at = "profiles.\(name)"
        for key in t.keys {
            let v = t[key]
            switch key {
            case "base_url": p.baseURL = try string(v, path, "\(at).\(key)")
            case "api_key": p.apiKey = try string(v, path, "\(at).\(key)")
            case "api_key_command": p.apiKeyCommand = try string(v, path, "\(at).\(key)")
            case "timeout":
                guard let d = v?.double ?? v?.int.map(Double.init), d > 0 else {
                    throw wrongType(path, "\(at).\(key)", "a positive number of seconds")
                }
                p.timeout = d
            case "deadline":
                guard let d = v?.double ?? v?.int.map(Double.init), d > 0 else {
                    throw wrongType(path, "\(at).\(key)", "a positive number of seconds")
                }
                p.deadline = d
            case "retry_budget":
                guard let d = v?.double ?? v?.int.map(Double.init), d >= 0 else {
                    throw wrongType(path, "\(at).\(key)", "a number of seconds ≥ 0")
                }
                p.retryBudget = d
            case "retries":
                guard let n = v?.int, n >= 0 else { throw wrongType(path, "\(at).\(key)", "a whole number ≥ 0") }
                p.retries = n
            case "per_page":
                guard let n = v?.int, (1...100).contains(n) else { throw wrongType(path, "\(at).\(key)", "1 to 100") }
                p.perPage = n
            case "journal":
                guard let b = v?.bool else { throw wrongType(path, "\(at).\(key)", "true or false") }
                p.journal = b
            case "paths":
                guard let paths = v?.table else { throw wrongType(path, "\(at).paths", "a table") }
                for k in paths.keys { p.paths.append((k, try string(paths[k], path, "\(at).paths.\(k)"))) }
            case "fields":
                guard let table = v?.table else { throw wrongType(path, "\(at).fields", "a table of lists of field names") }
                for k in table.keys {
                    guard let list = table[k]?.array else { throw wrongType(path, "\(at).fields.\(k)", "a list of field names") }
                    var names: [String] = []
                    for item in list { names.append(try string(item, path, "\(at).fields.\(k)")) }
                    p.fields.append((k, names))
                }
            default:
                throw .configuration(
                    message: "\(path): unknown key '\(key)' in [\(at)]",
                    hint: "known keys: base_url, api_key, api_key_command, timeout, deadline, retries, "
                        + "retry_budget, per_page, journal, paths, fields")
            }
        }
        return p
    }

    private static func string(_ v: (any TOMLValueConvertible)?, _ path: String, _ key: String) throws(CiviClientError) -> String {
        guard let s = v?.string else { throw wrongType(path, key, "a string") }
        return s
    }

    private static func wrongType(_ path: String, _ key: String, _ expected: String) -> CiviClientError {
        .configuration(message: "\(path): '\(key)' must be \(expected)", hint: nil)
    }
}

/// `$HOME`, else the password database's home, else `/`.
func homeDirectory(_ environment: [String: String]) -> String {
    if let home = environment["HOME"], !home.isEmpty { return home }
    return NSHomeDirectory()
}
