#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs evaluation on a dedicated thread with a large stack, so deep (but bounded) recursion in
/// scripts never meets the main thread's 8 MiB limit, and blocking API calls never block the
/// concurrency pool.
enum BigStackThread {
    /// Stack size of evaluation threads: reserved address space, committed only as used.
    static let stackSize = 512 << 20

    private final class Box: @unchecked Sendable {
        // Written by the worker before it exits, read by the caller after pthread_join.
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread and returns when it has finished.
    static func run(_ body: @escaping () -> Void) {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, stackSize)
        let box = Unmanaged.passRetained(Box(body))
        #if canImport(Glibc)
        var tid = pthread_t()
        #else
        var tid: pthread_t?
        #endif
        let rc = pthread_create(&tid, &attr, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box.toOpaque())
        if rc != 0 {
            // No thread could be made (resource limits): run here rather than fail.
            box.takeRetainedValue().body()
            return
        }
        #if canImport(Glibc)
        pthread_join(tid, nil)
        #else
        pthread_join(tid!, nil)
        #endif
    }
}
