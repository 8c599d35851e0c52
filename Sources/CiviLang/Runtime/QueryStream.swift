import CiviCore

/// A stream: a list query plus lazy client-side stages. Nothing is fetched until it is consumed,
/// and every consumption asks the host again.
final class QueryStream: LazyStream, @unchecked Sendable {
    let runtime: Runtime
    let host: any APIHost
    let query: ListQuery
    let stages: [StreamStage]
    /// The filters of `query` that pushdown added from a `where` (`name=value`), for `:time`.
    let pushed: [String]
    /// A short description for display, e.g. `advocates(state: "CA") | where`.
    let displayName: String

    init(runtime: Runtime, host: any APIHost, query: ListQuery, stages: [StreamStage] = [], pushed: [String] = [],
         displayName: String) {
        self.runtime = runtime
        self.host = host
        self.query = query
        self.stages = stages
        self.pushed = pushed
        self.displayName = displayName
    }

    func adding(_ stage: StreamStage) -> any LazyStream {
        QueryStream(runtime: runtime, host: host, query: query, stages: stages + [stage], pushed: pushed,
                    displayName: "\(displayName) | \(stage.label)")
    }

    /// The listing with the filters a `where` can hand to the server, before any client-side stage.
    func pushingDown(_ equalities: [(field: String, value: Value)]) -> (any LazyStream)? {
        guard stages.isEmpty, let narrowed = Pushdown.narrow(query, by: equalities) else { return nil }
        return QueryStream(runtime: runtime, host: host, query: narrowed.query, pushed: pushed + narrowed.added,
                           displayName: displayName)
    }

    /// The most records the server needs to send: skip + take when no filter comes before the take.
    var serverLimit: Int? {
        var offset = 0
        var limit: Int?
        for s in stages {
            switch s.step {
            case .filter: return limit
            case .map: continue
            case .skip(let n): offset += n
            case .take(let n): limit = min(limit ?? Int.max, offset + n)
            }
        }
        return limit
    }

    /// The query one read sends.
    func readQuery(wantsAll: Bool) -> ListQuery {
        var q = query
        q.limit = serverLimit
        q.wantsAll = wantsAll && q.limit == nil
        return q
    }

    /// True when no client-side stage changes how many elements there are.
    private var countIsTheServers: Bool { stages.allSatisfy { if case .map = $0.step { true } else { false } } }

    /// Pulls records page by page through the stages, holding one page at a time.
    func forEach(_ ctx: Context, wantsAll: Bool, onTotal: ((Int?) -> Void)?,
                 _ body: (Value) throws -> Bool) throws {
        let q = readQuery(wantsAll: wantsAll)
        if q.limit == 0 { return }
        runtime.noteRead(description(of: q, countsOnly: false))
        var runner = StepRunner(stages)
        let cursor: any PageCursor
        do { cursor = try host.openList(q) } catch { throw runtime.fault(from: error) }
        defer { cursor.close() }
        while true {
            let page: [Value]?
            do { page = try cursor.nextPage() } catch { throw runtime.fault(from: error) }
            onTotal?(cursor.total)
            guard let page else { return }
            for record in page {
                try ctx.tick()
                switch try runner.run(ctx, record) {
                case .dropped: continue
                case .finished: return
                case .passed(let v, let last): if !(try body(v)) || last { return }
                }
            }
        }
    }

    /// The number of elements: one `count` request when no client-side stage changes it.
    func count(_ ctx: Context) throws -> Int {
        guard countIsTheServers else { return try countByReading(ctx) }
        runtime.noteRead(description(of: query, countsOnly: true))
        do { return try host.count(query) } catch { throw runtime.fault(from: error) }
    }

    /// The first `limit` elements for display, whether more exist, and the server's total if known.
    func preview(_ ctx: Context, limit: Int) throws -> StreamPreview {
        let (items, hasMore, serverTotal) = try readPreview(ctx, limit: limit)
        // The server's total counts the query, so it only describes the stream when no client-side stage filters.
        let total: Int? = stages.isEmpty ? serverTotal ?? (hasMore ? nil : items.count) : (hasMore ? nil : items.count)
        return StreamPreview(items: items, hasMore: hasMore, total: total)
    }

    func describe() -> StreamDescription { description(of: readQuery(wantsAll: false), countsOnly: false) }

    /// The request `q` stands for, with this stream's stages.
    private func description(of q: ListQuery, countsOnly: Bool) -> StreamDescription {
        var parameters = q.filters.map { "\($0.name)=\($0.value)" }
        if let sort = q.sort, !countsOnly { parameters.append("sort=\(sort)") }
        return StreamDescription(source: "GET " + q.resource.listPath, parameters: parameters, pushedDown: pushed,
                                 limit: countsOnly ? nil : q.limit,
                                 perPage: countsOnly ? 1 : StreamDescription.pageSize(forLimit: q.limit),
                                 countsOnly: countsOnly, stages: countsOnly ? [] : stages.map(\.label))
    }
}
