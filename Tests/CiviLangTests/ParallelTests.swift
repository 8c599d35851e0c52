#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore
import Synchronization
import Testing
@testable import CiviLang

/// `parallel N EXPR`: input read as it arrives, results in input order, one bounded pool of
/// threads however `parallel`s nest.
@Suite struct ParallelTests {
    @Test func writesStartBeforeTheListingEnds() {
        let host = WatchedHost(advocates: 200, pageSize: 10)
        let o = run("advocates() | parallel 4 update(it, {email_opt_in: true}) | map .id", host: host)
        #expect(o.error == nil, "\(String(describing: o.error?.message))")
        #expect(o.value == .list((0..<200).map { .string("adv_\($0)") }), "results keep input order")
        let w = host.watch
        #expect(w.writes == 200)
        // Materialising first would read all 200 records (20 pages) before the first write.
        #expect(w.readAtFirstWrite <= 20, "read \(w.readAtFirstWrite) records before the first write")
        // Reading stays within N waiting and N running elements plus a page or two of the writes.
        #expect(w.mostReadAhead <= 2 * 4 + 2 * 10, "read \(w.mostReadAhead) records ahead of the writes")
        // The next page is asked for without waiting for the writes in flight (the client
        // holds back only pages the writes may move), so listing and writes overlap.
        #expect(w.pagesAskedDuringWrites > 0, "no page was asked for while writes were in flight")
    }

    @Test func aFailedListingStopsTheWorkAndRaisesItsError() {
        let host = WatchedHost(advocates: 50, pageSize: 10, failAfterPages: 2)
        let o = run("advocates() | parallel 4 update(it, {email_opt_in: true}) | count", host: host)
        #expect(o.error?.message == "page 3 failed")
        #expect(host.watch.writes <= 20)
    }

    @Test func resultsKeepInputOrderForAnyWidth() {
        for width in [1, 2, 3, 8, 100] {
            let o = run("range(50) | parallel \(width) (x => { sleep(0.0001 * (x % 3)); x * 2 })")
            #expect(o.value == .list((0..<50).map { .int($0 * 2) }), "width \(width)")
        }
        #expect(value("[] | parallel 4 it") == .list([]))
        #expect(errorMessage("5 | parallel 2 it") == "`parallel` needs a list or a stream, got int")
    }

    @Test func theFirstFailureByPositionIsRaised() {
        let o = run("range(40) | parallel 8 (x => { if x % 10 == 7 { error(\"bad ${x}\") }; x })")
        #expect(o.error?.message == "bad 7")
    }

    @Test func recursionThroughParallelSharesOneBoundedPool() {
        let o = run("""
        fn f(n) { if n == 0 { 1 } else { [1, 2] | parallel 4 (x => f(n - 1)) | sum } }
        f(12)
        """)
        #expect(o.error == nil, "\(String(describing: o.error?.message))")
        #expect(o.value == .int(4096))
        #expect(WorkerPool.shared.peakThreads <= Workers.maxThreads)
        let failing = run("""
        fn g(n) { if n == 0 { error("leaf") } else { [1, 2, 3] | parallel 3 (x => g(n - 1)) } }
        g(6)
        """)
        #expect(failing.error?.message == "leaf")
    }

    @Test func runawayRecursionThroughParallelHitsTheDepthLimit() {
        let o = run("fn g(n) { [n] | parallel 2 (x => g(x + 1)) }\ng(0)")
        #expect(o.error?.message.hasPrefix("too many nested calls") == true, "\(String(describing: o.error?.message))")
    }

    @Test func thePoolGrantsNoMoreThanItsLimit() {
        let pool = WorkerPool(limit: 3, idleSeconds: 0.2)
        let release = Mutex(false)
        let ran = Atomic<Int>(0)
        let job: WorkerPool.Job = {
            ran.add(1, ordering: .relaxed)
            while !release.withLock({ $0 }) { usleep(1_000) }
        }
        #expect(pool.start(job, count: 2) == 2)
        #expect(pool.start(job, count: 5) == 1)
        #expect(pool.start(job, count: 1) == 0, "every thread is busy")
        release.withLock { $0 = true }
        for _ in 0..<2_000 where ran.load(ordering: .relaxed) < 3 { usleep(1_000) }
        #expect(ran.load(ordering: .relaxed) == 3)
        // Finished threads take new jobs (once they are back waiting).
        var granted = 0
        for _ in 0..<2_000 {
            granted = pool.start({ ran.add(1, ordering: .relaxed) }, count: 3)
            if granted == 3 { break }
            usleep(1_000)
        }
        #expect(granted == 3)
        #expect(pool.peakThreads == 3)
    }
}

/// A `FakeHost` that watches how far listing runs ahead of writes.
final class WatchedHost: APIHost, @unchecked Sendable {
    struct Watch {
        var read = 0
        var writes = 0
        var readAtFirstWrite = -1
        var mostReadAhead = 0
        var writing = 0
        var pagesAskedDuringWrites = 0
    }

    let base: FakeHost
    let failAfterPages: Int?
    private let state = Mutex(Watch())
    var watch: Watch { state.withLock { $0 } }

    init(advocates: Int, pageSize: Int, failAfterPages: Int? = nil) {
        base = FakeHost(advocates: advocates, pageSize: pageSize)
        self.failAfterPages = failAfterPages
    }

    var resources: ResourceTable { base.resources }
    var isDryRun: Bool { false }

    func openList(_ query: ListQuery) throws -> any PageCursor {
        WatchedCursor(host: self, inner: try base.openList(query))
    }

    func delivered(_ n: Int) { state.withLock { $0.read += n } }

    func pageAsked() { state.withLock { if $0.writing > 0 { $0.pagesAskedDuringWrites += 1 } } }

    func count(_ query: ListQuery) throws -> Int { try base.count(query) }
    func fetch(_ resource: ResourceSpec, id: String) throws -> Value { try base.fetch(resource, id: id) }
    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value { try base.create(resource, body: body, idempotencyKey: idempotencyKey) }
    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        state.withLock { w in
            if w.writes == 0 { w.readAtFirstWrite = w.read }
            w.mostReadAhead = max(w.mostReadAhead, w.read - w.writes)
            w.writes += 1
            w.writing += 1
        }
        defer { state.withLock { $0.writing -= 1 } }
        usleep(500)
        return try base.update(resource, id: id, changes: changes, seen: seen)
    }
    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws { try base.delete(resource, id: id, seen: seen) }
    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        try base.raw(method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey)
    }
}

/// Counts the records a listing hands over; fails after `failAfterPages` pages when set.
final class WatchedCursor: PageCursor {
    let host: WatchedHost
    let inner: any PageCursor
    var pages = 0

    init(host: WatchedHost, inner: any PageCursor) {
        self.host = host
        self.inner = inner
    }

    func nextPage() throws -> [Value]? {
        pages += 1
        host.pageAsked()
        if let limit = host.failAfterPages, pages > limit {
            throw FakeError(report: ErrorReport(message: "page \(pages) failed", status: 500, code: "server_error"))
        }
        let page = try inner.nextPage()
        host.delivered(page?.count ?? 0)
        return page
    }

    var total: Int? { inner.total }
    func close() { inner.close() }
}
