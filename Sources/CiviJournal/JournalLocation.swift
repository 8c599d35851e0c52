/// Where the write journal lives: `$CIVI_JOURNAL`, else `$XDG_STATE_HOME/civi/journal.sqlite`,
/// else `~/.local/state/civi/journal.sqlite`.
public enum JournalLocation {
    /// The journal file for `environment`.
    public static func path(environment: [String: String]) -> String {
        if let explicit = environment["CIVI_JOURNAL"], !explicit.isEmpty { return explicit }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/civi/journal.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return home + "/.local/state/civi/journal.sqlite"
    }
}
