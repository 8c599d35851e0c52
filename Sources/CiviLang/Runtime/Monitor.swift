#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable, for threads that wait for each other's progress (the
/// worker pool and `parallel`); `Synchronization.Mutex` has no way to wait.
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }

    /// Releases the lock until `broadcast` (or a spurious wake-up; callers wait in a loop).
    /// Only inside `withLock`.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// `wait` for at most `seconds`; false when the time ran out. Only inside `withLock`.
    func wait(seconds: Double) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let whole = Int(seconds)
        var deadline = timespec()
        deadline.tv_sec = now.tv_sec + whole
        deadline.tv_nsec = now.tv_nsec + Int((seconds - Double(whole)) * 1e9)
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec += 1
            deadline.tv_nsec -= 1_000_000_000
        }
        return pthread_cond_timedwait(condition, mutex, &deadline) == 0
    }

    /// Wakes every thread waiting on this monitor.
    func broadcast() { pthread_cond_broadcast(condition) }
}

extension Monitor {
    /// Runs `body` with the lock released, inside `withLock` (work that must not hold it).
    func withUnlocked<T>(_ body: () throws -> T) rethrows -> T {
        unlock()
        defer { lock() }
        return try body()
    }
}
