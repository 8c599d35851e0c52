/// Where civi keeps its files (XDG base directories, with the usual defaults under HOME).
public struct CiviPaths: Sendable {
    /// The environment the paths are derived from.
    public let environment: [String: String]

    /// Paths derived from an environment.
    public init(environment: [String: String]) { self.environment = environment }

    private var home: String { environment["HOME"] ?? "/tmp" }

    private func xdg(_ name: String, _ fallback: String) -> String {
        if let v = environment[name], v.hasPrefix("/") { return v }
        return home + "/" + fallback
    }

    /// `$XDG_STATE_HOME/civi` (default `~/.local/state/civi`).
    public var stateDirectory: String { xdg("XDG_STATE_HOME", ".local/state") + "/civi" }
    /// The REPL history file.
    public var historyFile: String { stateDirectory + "/history" }
}
