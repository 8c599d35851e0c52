import CiviCore

/// The first elements of a stream as a statement shows them, read while the statement ran: the
/// rows, whether more exist, the total when known, and the footer under them.
public struct StreamPreview: Sendable {
    /// The elements shown.
    public let items: [Value]
    /// More elements exist than are shown.
    public let hasMore: Bool
    /// How many elements the stream has, when known.
    public let total: Int?
    /// The line under the rows: `(3 rows)`, `25 of 5000 — …`, `25 shown, more exist — …`.
    public let footer: String

    init(items: [Value], hasMore: Bool, total: Int?) {
        self.items = items
        self.hasMore = hasMore
        self.total = total
        if !hasMore {
            footer = Renderers.rowCount(items.count)
        } else if let total, total > items.count {
            footer = "\(items.count) of \(total) — `| collect` to fetch all"
        } else {
            footer = "\(items.count) shown, more exist — `| collect` to fetch all"
        }
    }
}

/// What one top-level statement shows, made while the statement runs: any request a stream needs
/// to be shown is part of the statement (its errors carry the statement's location), and showing
/// the result needs nothing more from the language.
public enum StatementResult: Sendable {
    /// A value shown as it is (never a stream: a stream becomes a preview or a list).
    case value(Value)
    /// The first elements of a stream, for a table.
    case preview(StreamPreview)
}

/// How a statement's stream value is made showable.
public enum StreamShowing: Sendable {
    /// The first `rows` elements (tables for people).
    case preview(rows: Int)
    /// Every element, as a list (JSON, CSV and NDJSON for programs).
    case all
}
