import Dispatch
import Synchronization

/// Runs async work from synchronous code (the interpreter thread, the `civi` commands), and cancels
/// every call in flight when the user presses Ctrl-C.
public final class BlockingBridge: Sendable {
    private struct State {
        var tasks: [UInt64: Task<Void, Never>] = [:]
        var nextID: UInt64 = 0
        var interrupted = false
    }
    private let state = Mutex(State())

    /// Makes a bridge with nothing in flight.
    public init() {}

    /// Cancels every call in flight, and every call made until `resume()`.
    func interrupt() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.interrupted = true
            return Array(s.tasks.values)
        }
        for t in tasks { t.cancel() }
    }

    /// Lets calls run again after an interrupt (before the next statement).
    func resume() {
        state.withLock { $0.interrupted = false }
    }

    /// Runs `operation` and blocks the calling thread (never a concurrency-pool thread) until it ends.
    public func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = Task {
            do {
                let v = try await operation()
                result.withLock { $0 = .success(v) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        let (id, interrupted) = state.withLock { s -> (UInt64, Bool) in
            s.nextID += 1
            s.tasks[s.nextID] = task
            return (s.nextID, s.interrupted)
        }
        if interrupted { task.cancel() }
        done.wait()
        state.withLock { _ = $0.tasks.removeValue(forKey: id) }
        switch result.withLock({ $0 }) {
        case .success(let v): return v
        case .failure(let e): throw e
        case .none: throw CancellationError()
        }
    }
}
