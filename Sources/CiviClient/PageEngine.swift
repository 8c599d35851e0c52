import CiviCore
import Synchronization

/// A requested page: which page, how many leading records to drop, and the listing's write
/// count (see `WriteWatch`) when it was requested (a different count later means the page may
/// be shifted).
struct PendingPage: Sendable {
    var page: Int
    var url: String
    var drop: Int
    var writeMark: Int
    var task: Task<FetchedPage, any Error>
    /// For a probe at the upper bound: the lower bound to scan from if the probe finds nothing seen.
    var probeFallback: Int?
    /// The first page of a scan from the lower bound after a restart.
    var scanStart: Bool
}

/// The mutable side of a stream, guarded by one lock.
struct PagingState: Sendable {
    var queue: [PendingPage] = []
    var nextPage = 1
    /// The last `links.next`, already resolved on the base origin.
    var nextLink: String?
    /// URLs requested since paging last (re)started from a position: a next link back to one
    /// of them is a loop.
    var visited = Set<String>()
    /// Consecutive pages, with no write to explain it, that brought no record not seen before.
    var stalePages = 0
    /// A failure found on a page whose records were still delivered (a next link that cannot
    /// be followed); thrown when the consumer asks for more.
    var deferredFailure: CiviClientError?
    var pendingDrop = 0
    var exhausted = false
    var finished = false
    var total: Int?
    var totalPages: Int?
    var yielded = 0
    var seen = Set<String>()
    var pagesFetched = 0
    var recordsFetched = 0
    /// The write count (see `WriteWatch`) that `nextPage`/`pendingDrop` were worked out under.
    var positionMark = 0
    /// Passed to the next page requested (see `PendingPage`).
    var pendingProbe: Int?
    var pendingScanStart = false
    /// The last restart found that writes had removed consumed records from the listing.
    var expectRemovals = false

    func isSeen(_ v: Value) -> Bool {
        if case .record(let r) = v, case .string(let id)? = r["id"] { return seen.contains(id) }
        return false
    }

    mutating func cancelQueue() {
        for p in queue { p.task.cancel() }
        queue.removeAll()
    }

    mutating func finish() {
        cancelQueue()
        finished = true
    }
}

/// Drives one stream: decides which pages to request, keeps order, drops duplicates.
final class PageEngine: Sendable {
    let client: CiviClient
    let plan: PagePlan
    let decoder = PageDecoder()
    let state = Mutex(PagingState())
    /// The client's writes that may move records in this listing, counted from its start
    /// (writes in flight then included).
    let watch: WriteWatch

    init(client: CiviClient, plan: PagePlan) {
        self.client = client
        self.plan = plan
        watch = client.watchWrites(resource: plan.resource.name, reads: plan.resource.fieldsRead(by: plan.query))
        let writes = watch.started
        state.withLock { $0.positionMark = writes }
    }

    deinit { client.unwatch(watch) }

    func close() {
        state.withLock { $0.finish() }
        client.unwatch(watch)
    }

    func next() async throws -> [Value]? {
        while true {
            if Task.isCancelled { close(); throw CiviClientError.cancelled }
            let writes = watch.started
            let head: PendingPage? = try state.withLock { s in
                if s.finished { return nil }
                if let limit = plan.limit, s.yielded >= limit { s.finish(); return nil }
                if let failure = s.deferredFailure { s.finish(); throw failure }
                if (s.queue.first?.writeMark ?? s.positionMark) != writes { restart(&s, writes: writes) }
                if s.queue.isEmpty {
                    if s.exhausted { s.finish(); return nil }
                    enqueue(&s, writes: writes)
                }
                return s.queue.removeFirst()
            }
            guard let head else { return nil }

            let page: FetchedPage
            do {
                page = try await withTaskCancellationHandler {
                    try await head.task.value
                } onCancel: {
                    head.task.cancel()
                    self.close()
                }
            } catch {
                close()
                if Task.isCancelled || error is CancellationError { throw CiviClientError.cancelled }
                throw error
            }

            let writesAfter = watch.started
            var failure: (any Error)?
            let (records, progress) = state.withLock { s -> ([Value]?, PageProgress?) in
                if s.finished { return ([], nil) }
                if writesAfter != head.writeMark {
                    // A write landed while this page was in flight: it may be shifted, so ask again.
                    restart(&s, writes: writesAfter)
                    return (nil, nil)
                }
                do {
                    return (try accept(page, as: head, into: &s, writes: writesAfter), progressSnapshot(s))
                } catch {
                    s.finish()
                    failure = error
                    return ([], nil)
                }
            }
            if let failure { throw failure }
            if let progress, let handler = client.progressHandler.withLock({ $0 }) { handler(progress) }
            guard let records else { continue }
            if records.isEmpty {
                if state.withLock({ $0.finished }) { return nil }
                continue
            }
            return records
        }
    }

    /// Takes a received page: paging facts, end detection, prefetch top-up, order and dedupe.
    private func accept(_ page: FetchedPage, as head: PendingPage, into s: inout PagingState,
                        writes: Int) throws(CiviClientError) -> [Value] {
        let drop = head.drop
        s.positionMark = writes
        try checkCeiling(page, s)
        if let lower = head.probeFallback, (page.page - 1) * plan.perPage > lower,
           !page.records.contains(where: s.isSeen) {
            // Nothing consumed is on the probed page: records moved down; scan from the lower bound.
            s.expectRemovals = true
            s.cancelQueue()
            resume(&s, at: lower, writes: writes)
            return []
        }
        if head.scanStart, !page.records.isEmpty, page.records.allSatisfy(s.isSeen) {
            s.expectRemovals = false
        }
        if let t = page.total { s.total = t }
        if let tp = page.totalPages { s.totalPages = tp }
        s.pagesFetched += 1
        s.recordsFetched += page.records.count
        let isLast = page.records.isEmpty
            || (page.hasLinks ? page.next == nil : page.records.count < plan.perPage)
            || (page.totalPages.map { page.page >= $0 } ?? false)
        if isLast {
            s.exhausted = true
            s.cancelQueue()
        } else if let link = page.next {
            takeNextLink(link, of: page, as: head, into: &s)
        }

        var out: [Value] = []
        out.reserveCapacity(page.records.count)
        let room = plan.limit.map { $0 - s.yielded } ?? Int.max
        let offered = page.records.dropFirst(drop)
        for record in offered where out.count < room {
            if case .record(let r) = record, case .string(let id)? = r["id"] {
                guard s.seen.insert(id).inserted else { continue }
            }
            out.append(record)
        }
        try checkProgress(page, offered: offered.count, fresh: out.count, head: head, into: &s, writes: writes)
        s.yielded += out.count
        if let limit = plan.limit, s.yielded >= limit {
            s.finish()
            return out
        }
        topUp(&s, writes: writes)
        if out.isEmpty && s.exhausted && s.queue.isEmpty && s.deferredFailure == nil { s.finished = true }
        return out
    }

    /// Requests pages ahead: `prefetchDepth` of them, or up to `plan.concurrency` when everything
    /// is wanted and `total_pages` is known; never past the last page or well past `limit`.
    private func topUp(_ s: inout PagingState, writes: Int) {
        let depth = plan.wantsAll && s.totalPages != nil ? max(plan.concurrency, plan.prefetchDepth) : plan.prefetchDepth
        while s.queue.count < depth && !s.exhausted {
            if let tp = s.totalPages, s.nextLink == nil, s.nextPage > tp { break }
            if let limit = plan.limit, s.yielded + s.queue.count * plan.perPage >= limit { break }
            enqueue(&s, writes: writes)
        }
    }

    /// Requests the next page: the last `links.next` when there is one, else by number.
    private func enqueue(_ s: inout PagingState, writes: Int) {
        let number = s.nextPage
        let url: String
        if let link = s.nextLink {
            url = link
            s.nextLink = nil
        } else {
            url = client.url(plan.resource.listPath,
                             query: plan.query + [("page", String(number)), ("per_page", String(plan.perPage))])
        }
        s.nextPage += 1
        let drop = s.pendingDrop
        let probe = s.pendingProbe
        let scanStart = s.pendingScanStart
        s.pendingDrop = 0
        s.pendingProbe = nil
        s.pendingScanStart = false
        let client = self.client, decoder = self.decoder, resource = plan.resource.name, watch = self.watch
        let task = Task {
            // A page fetched while a write that may move it is in flight could see it applied or
            // not; waiting makes every page after an unchanged count see the same writes.
            try await watch.quiet()
            return try await client.fetchPage(url: url, page: number, resource: resource, decoder: decoder)
        }
        s.visited.insert(url)
        s.queue.append(PendingPage(page: number, url: url, drop: drop, writeMark: writes, task: task,
                                   probeFallback: probe, scanStart: scanStart))
    }

    /// After writes to the resource, drops stale pages and works out where the first unseen
    /// record now is. Consumed records form a prefix of the listing (its order is stable), so
    /// that position lies between `lower` = consumed minus the writes counted (each write
    /// removed at most one consumed record) and `upper` = consumed (no write removed any).
    /// Scanning from `lower` (already-seen ids are skipped) never skips or repeats a record but
    /// costs a page per page of slack; so when the slack is large and writes have not been
    /// removing records lately (e.g. updates that keep records in the filter), the page at
    /// `upper` is probed first, falling back to the scan when it holds nothing consumed.
    private func restart(_ s: inout PagingState, writes: Int) {
        s.cancelQueue()
        s.visited.removeAll()
        s.stalePages = 0
        let upper = s.yielded
        let lower = max(0, upper - writes)
        if upper - lower > plan.perPage && !s.expectRemovals {
            s.nextPage = (upper - 1) / plan.perPage + 1
            s.pendingDrop = 0
            s.pendingProbe = lower
            s.nextLink = nil
            s.exhausted = false
            s.positionMark = writes
        } else {
            resume(&s, at: lower, writes: writes)
            s.pendingScanStart = upper - lower > plan.perPage
        }
    }

    /// Continues by page number from record offset `offset`.
    private func resume(_ s: inout PagingState, at offset: Int, writes: Int) {
        s.visited.removeAll()
        s.stalePages = 0
        s.nextPage = offset / plan.perPage + 1
        s.pendingDrop = offset % plan.perPage
        s.pendingProbe = nil
        s.pendingScanStart = false
        s.nextLink = nil
        s.exhausted = false
        s.positionMark = writes
    }

    private func progressSnapshot(_ s: PagingState) -> PageProgress {
        PageProgress(resource: plan.resource.name, records: s.recordsFetched, total: s.total, pages: s.pagesFetched)
    }
}
