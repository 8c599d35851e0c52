import CiviCore

/// Every help entry, with lookup and the two renderings: the REPL's `:help` text and the
/// Markdown of `docs/reference.md`.
public enum HelpCatalog {
    /// All entries: built-ins, stages, API functions (generated from `ResourceTable.civiClick`),
    /// topics and REPL commands, in that order.
    public static let entries: [HelpEntry] =
        builtinEntries + stageEntries + apiEntries(.civiClick) + topicEntries + metaEntries

    /// The entries of one kind, in catalog order.
    public static func entries(of kind: HelpKind) -> [HelpEntry] { entries.filter { $0.kind == kind } }

    /// The entry named `name` (`help` also finds `:help`). A name that is both a built-in and a
    /// topic (`values`) finds the built-in; a kind before the name picks one: `topic values`.
    public static func entry(named name: String) -> HelpEntry? {
        let words = name.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count == 2, let kind = HelpKind(rawValue: words[0]) {
            return entries.first { $0.kind == kind && $0.name == words[1] }
        }
        let key = name.trimmingWhitespace()
        return entries.first { $0.name == key } ?? entries.first { $0.name == ":" + key }
    }

    /// The topic named `name`, if there is one.
    public static func topic(named name: String) -> HelpEntry? {
        entries.first { $0.kind == .topic && $0.name == name }
    }

    /// Names close to `name`, for "did you mean" hints.
    public static func suggestions(for name: String) -> [String] {
        let key = name.lowercased()
        return entries.map(\.name).filter { candidate in
            candidate.hasPrefix(key) || editDistance(candidate, key) <= max(1, key.count / 4)
        }
    }

    /// The text `:help NAME` shows.
    public static func text(for entry: HelpEntry) -> String {
        var out = "\(entry.signature)\n  \(entry.summary)\n"
        if !entry.details.isEmpty {
            out += "\n" + entry.details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if !entry.example.isEmpty {
            out += "\nExample:\n" + entry.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The text `:help` alone shows: every name by kind, with a one-line summary.
    public static func overview() -> String {
        var out = "civi help — `:help NAME` for one entry.\n"
        for kind in HelpKind.allCases {
            let group = entries(of: kind)
            let width = group.map(\.name.count).max() ?? 0
            out += "\n\(kind.title):\n"
            for e in group { out += "  " + CellText.pad(e.name, to: width) + "  " + e.summary + "\n" }
        }
        return out
    }

    /// The whole catalog as Markdown, the text of `docs/reference.md`.
    public static func referenceMarkdown() -> String {
        var out = "# civi reference\n\nGenerated from the help catalog (`:help` in the REPL shows the same text).\n"
        for kind in HelpKind.allCases {
            out += "\n## \(kind.title)\n"
            for e in entries(of: kind) {
                out += "\n### `\(e.signature)`\n\n\(e.summary)\n"
                if !e.details.isEmpty { out += "\n" + e.details + "\n" }
                if !e.example.isEmpty { out += "\n```\n\(e.example)\n```\n" }
            }
        }
        return out
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
