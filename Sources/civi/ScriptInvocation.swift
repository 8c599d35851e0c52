/// A script's path and its own arguments, from the words argument-parser passes through untouched
/// once it meets the path: everything after the path belongs to the script, even `--x` or `--`.
struct ScriptInvocation {
    /// The script (`-` for standard input).
    var path: String
    /// What the script sees as `args`.
    var arguments: [String]

    /// Nil when `words` is empty. A leading `--` lets a path start with `-`; otherwise a first word
    /// that looks like an option is one civi doesn't know (a script path never comes before it).
    init?(_ words: [String]) throws {
        var rest = words[...]
        let terminated = rest.first == "--"
        if terminated { rest = rest.dropFirst() }
        guard let first = rest.first else {
            if terminated { throw ScriptUsageError("expected a script path after '--'") }
            return nil
        }
        if !terminated && first.hasPrefix("-") && first != "-" {
            throw ScriptUsageError("unknown option '\(first)' (civi's options go before the script path)")
        }
        path = first
        arguments = Array(rest.dropFirst())
    }
}

/// A command line that names no runnable script (a usage error: exit 2).
struct ScriptUsageError: Error {
    /// What was wrong, for `Error: …`.
    var message: String

    init(_ message: String) { self.message = message }
}
