/// The threads `parallel` runs on, one pool for the whole process so nested `parallel`s (even
/// recursion through one) never start more than `limit` threads in all: a `parallel` asks for
/// helpers and gets those that are free, possibly none, and its calling thread does the rest
/// of the work itself. Threads are made as needed (with `Workers.stackSize` stacks), wait for
/// the next job when done, and end after `idleSeconds` without one.
final class WorkerPool: @unchecked Sendable {
    /// The pool every `parallel` shares.
    static let shared = WorkerPool(limit: Workers.maxThreads, idleSeconds: 10)

    typealias Job = @Sendable () -> Void

    let limit: Int
    let idleSeconds: Double
    private let monitor = Monitor()
    // Guarded by `monitor`.
    /// Jobs running or handed out and not yet picked up.
    private var busy = 0
    /// Threads waiting for a job.
    private var idle = 0
    /// Jobs handed to waiting threads, not yet picked up.
    private var handed: [Job] = []
    /// Threads alive (for tests: never more than `limit`).
    private var threads = 0
    private var mostThreads = 0

    init(limit: Int, idleSeconds: Double) {
        self.limit = limit
        self.idleSeconds = idleSeconds
    }

    /// Runs `job` on up to `count` pool threads at once and returns how many it started: fewer
    /// (down to 0) when the pool's threads are busy. Never waits for a thread to become free.
    func start(_ job: @escaping Job, count: Int) -> Int {
        let (granted, fresh) = monitor.withLock { () -> (Int, Int) in
            let n = max(0, min(count, limit - busy))
            busy += n
            let waiting = min(n, idle - handed.count)
            for _ in 0..<waiting { handed.append(job) }
            if waiting > 0 { monitor.broadcast() }
            threads += n - waiting
            mostThreads = max(mostThreads, threads)
            return (n, n - waiting)
        }
        var started = granted
        for _ in 0..<fresh where !Workers.detach({ self.serve(first: job) }) {
            monitor.withLock {
                busy -= 1
                threads -= 1
            }
            started -= 1
        }
        return started
    }

    /// The most threads alive at once so far.
    var peakThreads: Int { monitor.withLock { mostThreads } }

    /// A pool thread: `first`, then jobs handed to it, until none comes for `idleSeconds`.
    private func serve(first: @escaping Job) {
        var next: Job? = first
        while let job = next {
            job()
            next = monitor.withLock {
                busy -= 1
                idle += 1
                defer { idle -= 1 }
                while handed.isEmpty {
                    if !monitor.wait(seconds: idleSeconds), handed.isEmpty {
                        threads -= 1
                        return nil
                    }
                }
                return handed.removeFirst()
            }
        }
    }
}
