import CiviCore
import Synchronization

/// `parallel N EXPR`: EXPR for each element of a list or stream, up to N at once, results in
/// input order. Elements are handed out as they arrive: the calling thread reads the input and,
/// whenever more than N elements wait, runs the oldest itself, so at most N elements wait
/// besides the page being read. Reading the next page does not wait for the writes of the
/// elements read so far: the client counts each write when it starts and holds back only the
/// pages of listings the write may move (a PATCH of a field the listing neither filters nor
/// sorts by moves nothing), so listing and writes overlap. Helpers come from the shared `WorkerPool`; when it
/// has none free (nested `parallel`s), the calling thread does all the work. After a failure
/// no element starts, and the failure of the lowest position is raised; after Ctrl-C, the
/// interrupt.
final class ParallelMap: @unchecked Sendable {
    typealias Body = (Context, Value) throws -> Value

    private let runtime: Runtime
    private let body: Body
    /// The call depth of the `parallel`: every thread's share continues from it, so the depth
    /// limit bounds a recursion through `parallel` whichever threads it runs on.
    private let depth: Int
    private let monitor = Monitor()
    // Guarded by `monitor`.
    /// Elements read and not yet started, oldest first.
    private var waiting: [(index: Int, value: Value)] = []
    /// How many may wait before the reader runs one itself.
    private var capacity: Int
    /// One entry per element read; nil until its result is in.
    private var results: [Value?] = []
    private var failure: (index: Int, fault: Fault)?
    private var inputEnded = false
    /// Helpers still running.
    private var helpers = 0

    private init(runtime: Runtime, depth: Int, width: Int, body: @escaping Body) {
        self.runtime = runtime
        self.depth = depth
        self.body = body
        capacity = min(width, Workers.maxThreads)
    }

    /// `body` for each element of `input` (a list, or a stream read page by page) on up to
    /// `width` threads, the calling one included; results in input order.
    static func run(_ ctx: Context, _ input: Value, width: Int, _ body: @escaping Body) throws -> [Value] {
        let known: Int? = if case .list(let xs) = input { xs.count } else { nil }
        if known == 0 { return [] }
        let map = ParallelMap(runtime: ctx.runtime, depth: ctx.depth, width: width, body: body)
        // The calling thread's share runs in a worker context too (outer variables read-only).
        // Nested `parallel`s run inline once the pool is exhausted, so its depth must count
        // for the depth limit to stop a runaway recursion before the stack overflows.
        let caller = Context(runtime: ctx.runtime, isWorker: true)
        caller.depth = ctx.depth
        map.startHelpers(min(width, known ?? width) - 1)
        do {
            try ctx.forEach(input, stage: "parallel") { v in
                try map.offer(v, runningOn: caller)
            }
        } catch {
            map.fail(map.monitor.withLock { map.results.count }, ctx.runtime.fault(from: error))
        }
        map.finish(runningOn: caller)
        return try map.outcome()
    }

    private func startHelpers(_ wanted: Int) {
        guard wanted > 0 else {
            capacity = 0
            return
        }
        monitor.withLock { helpers = wanted }
        let started = WorkerPool.shared.start({ self.help() }, count: wanted)
        monitor.withLock {
            helpers -= wanted - started
            if started == 0 { capacity = 0 }
        }
    }

    /// True once nothing new may start.
    private var stopped: Bool { failure != nil || runtime.cancelled.load(ordering: .relaxed) }

    /// Queues one element read by the caller; runs the oldest waiting one on `ctx` when too
    /// many wait. False (stop reading) after a failure.
    private func offer(_ v: Value, runningOn ctx: Context) throws -> Bool {
        let own: (index: Int, value: Value)? = try monitor.withLock {
            if stopped {
                if runtime.cancelled.load(ordering: .relaxed) { throw Fault.interrupted }
                return nil
            }
            results.append(nil)
            waiting.append((results.count - 1, v))
            monitor.broadcast()
            return waiting.count > capacity ? waiting.removeFirst() : nil
        }
        if let own { execute(own, on: ctx) }
        return monitor.withLock { !stopped }
    }

    /// The input is read: runs what still waits (helpers take their share) and waits for the
    /// helpers to finish.
    private func finish(runningOn ctx: Context) {
        monitor.withLock {
            inputEnded = true
            monitor.broadcast()
            drain(on: ctx) { helpers == 0 }
            waiting.removeAll()
        }
    }

    /// Runs waiting elements on `ctx` (the caller's share) until none waits, then waits until
    /// `done`; called holding the lock.
    private func drain(on ctx: Context, until done: () -> Bool) {
        while true {
            if !stopped, !waiting.isEmpty {
                let item = waiting.removeFirst()
                monitor.withUnlocked { execute(item, on: ctx) }
                continue
            }
            if done() { return }
            monitor.wait()
        }
    }

    /// A pool thread's share: waiting elements until the input ends or something failed.
    private func help() {
        let ctx = Context(runtime: runtime, isWorker: true)
        ctx.depth = depth
        monitor.withLock {
            while !stopped {
                if !waiting.isEmpty {
                    let item = waiting.removeFirst()
                    monitor.withUnlocked { execute(item, on: ctx) }
                    continue
                }
                if inputEnded { break }
                monitor.wait()
            }
            helpers -= 1
            monitor.broadcast()
        }
    }

    /// Evaluates one element and records its result or failure (called without the lock).
    private func execute(_ item: (index: Int, value: Value), on ctx: Context) {
        do {
            let v = try body(ctx, item.value)
            monitor.withLock { results[item.index] = v }
        } catch {
            fail(item.index, runtime.fault(from: error))
        }
    }

    /// Records a failure at `index`; the lowest position's is the one raised.
    private func fail(_ index: Int, _ fault: Fault) {
        monitor.withLock {
            if failure.map({ index < $0.index }) ?? true { failure = (index, fault) }
            monitor.broadcast()
        }
    }

    /// The results in input order, or the failure to raise.
    private func outcome() throws -> [Value] {
        try monitor.withLock {
            if runtime.cancelled.load(ordering: .relaxed) { throw failure?.fault.afterCancellation() ?? Fault.interrupted }
            if let failure { throw failure.fault }
            var out: [Value] = []
            out.reserveCapacity(results.count)
            for r in results {
                guard let r else { throw Fault.interrupted }
                out.append(r)
            }
            return out
        }
    }
}
