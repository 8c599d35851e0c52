/// What reading a stream asks of its source, for `:time`: the request a listing sends (path,
/// filters — the script's and those pushed down from a `where` — sort, page size, limit) or the
/// file read, and the stages that still run here on each element.
public struct StreamDescription: Sendable, Equatable {
    /// Where the elements come from: `GET /advocates` or `read_csv("people.csv")`.
    public var source: String
    /// Query parameters sent, `name=value` in order (filters, pushed-down filters, `sort`).
    public var parameters: [String] = []
    /// The parameters among `parameters` that pushdown added from a `where`.
    public var pushedDown: [String] = []
    /// The most elements asked of the source; nil: as many as the stages read.
    public var limit: Int?
    /// The page size the stream asks for (a limit or a count decides it); nil: the configured one.
    public var perPage: Int?
    /// Only the source's total is asked for (a `count` answered by `meta.total`).
    public var countsOnly = false
    /// The stages run here on each element, in order: `where`, `select`, `take 3`.
    public var stages: [String] = []

    /// The API's largest page: a listing with a limit asks for `per_page = min(limit, 100)`.
    static let largestPage = 100

    /// The page size a listing asks for to read at most `limit` records.
    static func pageSize(forLimit limit: Int?) -> Int? { limit.map { max(1, min($0, largestPage)) } }

    /// One line, e.g. `GET /advocates?state=CA&status=active; then here: where | preview 25;
    /// pushed down: status=active`.
    public var text: String {
        var parts = [source + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))]
        if countsOnly {
            parts.append("the total only (per_page=\(perPage ?? 1))")
        } else if let limit {
            parts.append("at most \(limit) record\(limit == 1 ? "" : "s")" + (perPage.map { " (per_page=\($0))" } ?? ""))
        }
        if !stages.isEmpty { parts.append("then here: " + stages.joined(separator: " | ")) }
        if !pushedDown.isEmpty { parts.append("pushed down: " + pushedDown.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}

/// The streams read since the shell last asked (for `:time`): the first few descriptions, in the
/// order the reads started, and how many reads there were in all.
public struct StreamReads: Sendable {
    /// The first `kept` reads' descriptions.
    public private(set) var first: [StreamDescription] = []
    /// Every read, including those not kept.
    public private(set) var count = 0

    /// Descriptions kept (a loop may read thousands of streams).
    static let kept = 20

    /// Records one read.
    mutating func note(_ description: StreamDescription) {
        count += 1
        if first.count < Self.kept { first.append(description) }
    }
}
