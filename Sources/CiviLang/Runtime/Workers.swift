#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads with large stacks for `parallel` (and for tests that need deep recursion).
public enum Workers {
    /// Stack size for worker threads: deep enough for the call depth limit.
    public static let stackSize = 64 << 20
    /// The most worker threads all `parallel`s together run at once, whatever widths they ask
    /// for (see `WorkerPool`).
    static let maxThreads = 64

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

    /// Runs `body` on a new detached thread with a large stack; false when no thread could be made.
    static func detach(_ body: @escaping () -> Void) -> Bool {
        guard let t = create(body, stackSize: stackSize) else { return false }
        pthread_detach(t)
        return true
    }

    private static func spawn(_ body: @escaping () -> Void, stackSize: Int = Workers.stackSize) -> pthread_t? {
        if let t = create(body, stackSize: stackSize) { return t }
        // No thread: run here so the work still happens.
        body()
        return nil
    }

    private static func create(_ body: @escaping () -> Void, stackSize: Int) -> pthread_t? {
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
            Unmanaged<Job>.fromOpaque(job).release()
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
}
