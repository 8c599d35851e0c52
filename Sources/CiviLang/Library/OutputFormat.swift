/// The ways a list of values can be written out: the REPL's `:format` and the `save` extensions.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// An aligned text table (records) or one value per line.
    case table
    /// A pretty-printed JSON array.
    case json
    /// CSV with a header row.
    case csv
    /// One compact JSON value per line.
    case ndjson

    /// The format a file extension implies (`.json`, `.ndjson`, `.csv`), if any.
    public init?(fileExtensionOf path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "csv": self = .csv
        default: return nil
        }
    }
}
