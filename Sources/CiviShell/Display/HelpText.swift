import CiviLang

/// `:help [topic]`, rendered from the help catalog (the same source as `docs/reference.md`).
public enum HelpText {
    /// The overview with no topic; one entry, or suggestions when nothing matches. Given a
    /// `width` (the terminal's), the text is word-wrapped to it.
    public static func render(topic: String?, width: Int? = nil) -> String {
        let text = unwrapped(topic: topic)
        guard let width else { return text }
        return WordWrap.wrap(text, width: width)
    }

    private static func unwrapped(topic: String?) -> String {
        guard let topic, !topic.isEmpty else { return HelpCatalog.overview() + "\n" }
        if let entry = HelpCatalog.entry(named: topic) { return HelpCatalog.text(for: entry) + "\n" }
        let near = HelpCatalog.suggestions(for: topic)
        return "no help for '\(topic)'" + (near.isEmpty ? "" : "; did you mean: \(near.joined(separator: ", "))?") + "\n"
    }
}
