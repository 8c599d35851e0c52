#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work started on a thread of its own while the caller goes on; `join` waits for it. Used to
/// spread one big job over the machine's cores (e.g. the two halves of a large JSON array).
public final class HelperThread: @unchecked Sendable {
    private var thread: pthread_t?
    private var work: (() -> Void)?

    /// Starts `work` on a new thread with `stackSize` bytes of stack; when no thread can be
    /// made, runs it on the caller's thread instead, so the job is done either way.
    init(stackSize: Int = 8 << 20, _ work: @escaping () -> Void) {
        self.work = work
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Glibc)
        var made = pthread_t()
        #else
        var made: pthread_t?
        #endif
        let rc = pthread_create(&made, &attributes, { raw in
            let me = Unmanaged<HelperThread>.fromOpaque(raw!).takeRetainedValue()
            me.work?()
            return nil
        }, context)
        if rc == 0 {
            thread = made
        } else {
            Unmanaged<HelperThread>.fromOpaque(context).release()
            work()
            self.work = nil
        }
    }

    /// Starts `work` on a thread nobody waits for (it ends with the process if still running);
    /// when no thread can be made, runs it on the caller's thread.
    public static func detached(_ work: @escaping () -> Void) {
        let helper = HelperThread(stackSize: 1 << 20, work)
        if let t = helper.thread {
            helper.thread = nil
            pthread_detach(t)
        }
    }

    /// Waits until the work has finished (at once if it ran on the caller's thread).
    func join() {
        guard let t = thread else { return }
        thread = nil
        pthread_join(t, nil)
    }

    deinit { join() }
}
