/// What the REPL and `-e` show for a top-level statement.
enum StatementDisplay {
    /// Assignments, loops, `fn`: nothing.
    case nothing
    /// An expression: its value, `null` included, so a missing field is not silent.
    case value
    /// A call whose only job is an effect (`print(...)`, `delete(a)`), an `if` or a `try`: its value
    /// unless that is null — the effect (or the branch not taken) is what the user sees.
    case valueUnlessNull
}

/// Built-ins that do something and always return null; showing `null` after them is noise (also
/// what exported programs follow, so they print what `civi -e` prints).
package enum EffectOnlyBuiltins {
    /// Their names.
    package static let names: Set<String> = [
        "print", "eprint", "sleep", "assert", "delete", "write_text", "write_json", "write_csv", "exit", "fail",
    ]
}

extension Compiler {
    /// How the value of top-level statement `s` is shown.
    func display(of s: Stmt) -> StatementDisplay {
        guard case .expr(let e) = s.kind else { return .nothing }
        switch e.kind {
        case .call(let callee, _):
            // A user's own `fn print` shadows the built-in, and its result is shown like any other.
            if case .name(let name) = callee.kind, EffectOnlyBuiltins.names.contains(name), globals.index[name] == nil {
                return .valueUnlessNull
            }
            return .value
        case .ifElse, .tryCatch:
            // Used as statements these are mostly for their effects (`if c { print(a) } else { print(b) }`).
            return .valueUnlessNull
        default:
            return .value
        }
    }
}
