#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore
import Synchronization

/// Threads with large stacks for `parallel` (and for tests that need deep recursion).
public enum Workers {
    /// Stack size for worker threads: deep enough for the call depth limit.
    public static let stackSize = 64 << 20
    /// The most threads one `parallel` starts, whatever width it asks for.
    static let maxWidth = 64

    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread with a large stack (64 MB by default) and waits for it. The
    /// interpreter needs one: the call depth limit (2,000) is sized for it.
    public static func runOnLargeStack(stackSize: Int = Workers.stackSize, _ body: @escaping () -> Void) {
        let t = spawn(body, stackSize: stackSize)
        join(t)
    }

    private static func spawn(_ body: @escaping () -> Void, stackSize: Int = Workers.stackSize) -> pthread_t? {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, stackSize)
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, &attr, { raw in
            #if canImport(Glibc)
            guard let raw else { return nil }
            #endif
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            job.body()
            return nil
        }, job)
        if rc != 0 {
            // No thread: run here so the work still happens.
            Unmanaged<Job>.fromOpaque(job).takeRetainedValue().body()
            return nil
        }
        return thread
    }

    private static func join(_ t: pthread_t?) {
        #if canImport(Glibc)
        if let t { pthread_join(t, nil) }
        #else
        if let t { pthread_join(t, nil) }
        #endif
    }

    /// `body` over `items` on up to `width` threads; results in input order. The first failing
    /// element (by position) raises its error; no new elements start after a failure.
    static func map(_ items: [Value], width: Int, runtime: Runtime,
                    _ body: @escaping (Context, Value) throws -> Value) throws -> [Value] {
        if items.isEmpty { return [] }
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let results = Mutex<[Int: Result<Value, Fault>]>([:])
        let work = Job {
            let ctx = Context(runtime: runtime, isWorker: true)
            while !failed.load(ordering: .relaxed) {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < items.count else { return }
                let r: Result<Value, Fault>
                do { r = .success(try body(ctx, items[i])) } catch {
                    r = .failure(Fault.from(error))
                    failed.store(true, ordering: .relaxed)
                }
                results.withLock { $0[i] = r }
            }
        }
        let threads = (0..<min(width, maxWidth, items.count)).map { _ in spawn(work.body) }
        for t in threads { join(t) }
        var out: [Value] = []
        out.reserveCapacity(items.count)
        let all = results.withLock { $0 }
        for i in items.indices {
            switch all[i] {
            case .success(let v): out.append(v)
            case .failure(let f): throw f
            case nil:
                if let f = all.values.compactMap({ if case .failure(let f) = $0 { f } else { nil } }).first { throw f }
                throw Fault.interrupted
            }
        }
        return out
    }
}
