import CiviCore
import Synchronization

/// A lazy listing: an async sequence of pages (`[Value]` of records), fetched as the consumer
/// asks, with prefetching, concurrent fetching when everything is wanted, and compensation for
/// writes to the same resource made while it is consumed.
///
/// One pass: iterate it once (or call `nextPage()` until nil). Dropping or closing it cancels
/// every fetch in flight.
public final class PageStream: AsyncSequence, Sendable {
    /// A page of records.
    public typealias Element = [Value]

    let engine: PageEngine

    init(engine: PageEngine) { self.engine = engine }

    deinit { engine.close() }

    /// `meta.total` of the listing, once the first page has arrived.
    public var total: Int? { engine.state.withLock { $0.total } }
    /// The page size requested.
    public var perPage: Int { engine.plan.perPage }

    /// The next page of records, or nil after the last one (or after `limit` records).
    public func nextPage() async throws -> [Value]? { try await engine.next() }

    /// Stops fetching and cancels requests in flight.
    public func close() { engine.close() }

    /// Iterates the pages.
    public func makeAsyncIterator() -> Iterator { Iterator(stream: self) }

    /// The iterator over a stream's pages.
    public struct Iterator: AsyncIteratorProtocol {
        let stream: PageStream
        /// The next page, or nil at the end.
        public mutating func next() async throws -> [Value]? { try await stream.nextPage() }
    }
}

extension CiviClient {
    /// A lazy listing of `resource` (see `PageStream`). `limit` asks for `per_page = min(limit, 100)`
    /// and stops after `limit` records; `wantsAll` fetches up to `pageConcurrency` pages at once
    /// once `total_pages` is known. `prefetchDepth` overrides the client's default.
    public func list(resource: ResourceSpec, filters: [(name: String, value: String)] = [], sort: String? = nil,
                     limit: Int? = nil, wantsAll: Bool = false, prefetchDepth: Int? = nil) -> PageStream {
        var query = filters
        if let sort { query.append(("sort", sort)) }
        let pp = limit.map { max(1, min($0, 100)) } ?? perPage
        let plan = PagePlan(resource: resource, query: query, perPage: pp, limit: limit.map { max(0, $0) },
                            wantsAll: wantsAll, prefetchDepth: max(0, prefetchDepth ?? self.prefetchDepth),
                            concurrency: pageConcurrency)
        return PageStream(engine: PageEngine(client: self, plan: plan))
    }
}

/// What a stream asks for.
struct PagePlan: Sendable {
    var resource: ResourceSpec
    var query: [(name: String, value: String)]
    var perPage: Int
    var limit: Int?
    var wantsAll: Bool
    var prefetchDepth: Int
    /// Pages in flight at most when the consumer wants everything.
    var concurrency: Int
}
