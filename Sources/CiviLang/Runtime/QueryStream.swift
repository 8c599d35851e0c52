import CiviCore

/// A stream: a list query plus lazy client-side stages. Nothing is fetched until it is consumed,
/// and every consumption asks the host again.
public final class QueryStream: LazyStream, @unchecked Sendable {
    /// A lazy stage applied to each record as it arrives.
    typealias Step = StreamStep

    let runtime: Runtime
    let host: any APIHost
    let query: ListQuery
    let steps: [Step]
    /// A short description for display, e.g. `advocates(state: "CA") | where`.
    public let displayName: String

    init(runtime: Runtime, host: any APIHost, query: ListQuery, steps: [Step] = [], displayName: String) {
        self.runtime = runtime
        self.host = host
        self.query = query
        self.steps = steps
        self.displayName = displayName
    }

    func appending(_ step: Step, _ label: String) -> QueryStream {
        QueryStream(runtime: runtime, host: host, query: query, steps: steps + [step], displayName: "\(displayName) | \(label)")
    }

    func adding(_ step: StreamStep, _ label: String) -> any LazyStream { appending(step, label) }

    /// The most records the server needs to send: skip + take when no filter comes before the take.
    var serverLimit: Int? {
        var offset = 0
        var limit: Int?
        for s in steps {
            switch s {
            case .filter: return limit
            case .map: continue
            case .skip(let n): offset += n
            case .take(let n): limit = min(limit ?? Int.max, offset + n)
            }
        }
        return limit
    }

    /// Pulls records page by page through the stages, holding one page at a time.
    func forEach(_ ctx: Context, wantsAll: Bool, onTotal: ((Int?) -> Void)?,
                 _ body: (Value) throws -> Bool) throws {
        var q = query
        q.limit = serverLimit
        q.wantsAll = wantsAll && q.limit == nil
        if q.limit == 0 { return }
        var runner = StepRunner(steps)
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
        if steps.allSatisfy({ if case .map = $0 { true } else { false } }) {
            do { return try host.count(query) } catch { throw runtime.fault(from: error) }
        }
        return try countByReading(ctx)
    }

    /// The first `limit` elements for display, whether more exist, and the server's total if known.
    public func preview(limit: Int) throws -> (items: [Value], hasMore: Bool, total: Int?) {
        let (items, hasMore, serverTotal) = try readPreview(limit: limit)
        // The server's total counts the query, so it only describes the stream when no client-side stage filters.
        let total: Int? = steps.isEmpty ? serverTotal ?? (hasMore ? nil : items.count) : (hasMore ? nil : items.count)
        return (items, hasMore, total)
    }
}
