import CiviLang

/// `:help [topic]`, rendered from the help catalog (the same source as `docs/reference.md`).
public enum HelpText {
    /// The overview with no topic; one entry, or suggestions when nothing matches.
    public static func render(topic: String?) -> String {
        guard let topic, !topic.isEmpty else { return HelpCatalog.overview() + "\n" }
        if let entry = HelpCatalog.entry(named: topic) { return HelpCatalog.text(for: entry) + "\n" }
        let near = HelpCatalog.suggestions(for: topic)
        return "no help for '\(topic)'" + (near.isEmpty ? "" : "; did you mean: \(near.joined(separator: ", "))?") + "\n"
    }
}
