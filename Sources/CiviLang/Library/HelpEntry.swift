/// What a help entry describes.
public enum HelpKind: String, Sendable, CaseIterable {
    /// A built-in function such as `len` or `print`.
    case builtin
    /// A pipeline stage such as `where` or `sort`.
    case stage
    /// A function that talks to the CiviClick API.
    case api
    /// A topic of the language (syntax, values, dates, ...).
    case topic
    /// A REPL meta-command such as `:help`.
    case meta

    /// The heading this kind is listed under.
    public var title: String {
        switch self {
        case .builtin: "Built-in functions"
        case .stage: "Pipeline stages"
        case .api: "API functions"
        case .topic: "Topics"
        case .meta: "REPL commands"
        }
    }
}

/// One page of help: the source of the REPL's `:help` and of `docs/reference.md`.
public struct HelpEntry: Sendable {
    /// What `:help NAME` looks up, e.g. `split`, `where`, `dates`, `:format`.
    public let name: String
    /// What kind of thing it is.
    public let kind: HelpKind
    /// How it is called, e.g. `split(s, sep)`; for a topic, its title.
    public let signature: String
    /// One line.
    public let summary: String
    /// A few lines: the rules, edge cases and errors.
    public let details: String
    /// A short civi example (may be several lines).
    public let example: String

    /// Makes an entry.
    public init(_ name: String, _ kind: HelpKind, signature: String, summary: String, details: String, example: String) {
        self.name = name
        self.kind = kind
        self.signature = signature
        self.summary = summary
        self.details = details
        self.example = example
    }
}
