/// A language civi can export a program to.
public enum ExportTarget: String, CaseIterable, Sendable {
    case python
    case javascript
    case swift

    /// The target a user names (`python`, `py`, `js`, `javascript`, `node`, `swift`), or nil.
    public init?(named name: String) {
        switch name.lowercased() {
        case "python", "py", "python3": self = .python
        case "js", "javascript", "node", "mjs": self = .javascript
        case "swift": self = .swift
        default: return nil
        }
    }

    /// The usual file extension of a program in this language.
    public var fileExtension: String {
        switch self {
        case .python: "py"
        case .javascript: "mjs"
        case .swift: "swift"
        }
    }

    /// Python and JavaScript export every construct civi runs. Swift has every built-in and stage,
    /// but an assignment to a `fn`'s name (a Swift function is a declaration) is an export error at
    /// its place, so it does not cover the whole language.
    public var coversTheWholeLanguage: Bool { self != .swift }

    /// The names users may give, for usage messages.
    public static let namesForUsage = "python, js, swift"
}

/// What is exported: a script (prints only what `print` prints) or an expression statement
/// whose value is printed as JSON, as `civi -e` does when its output is not a terminal.
public enum ExportMode: Sendable {
    case script
    case expression
}
