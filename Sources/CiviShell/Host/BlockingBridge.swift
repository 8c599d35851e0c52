import Dispatch
import Synchronization

/// Runs async work from synchronous code (the interpreter thread, the `civi` commands). Ctrl-C
/// cancels the reads in flight; writes already sent are left to finish (their outcome must be
/// known) unless `abort` — a second Ctrl-C — cancels them too.
public final class BlockingBridge: Sendable {
    private struct State {
        var tasks: [UInt64: (task: Task<Void, Never>, isWrite: Bool)] = [:]
        var nextID: UInt64 = 0
        var interrupted = false
        var aborted = false
    }
    private let state = Mutex(State())

    /// Makes a bridge with nothing in flight.
    public init() {}

    /// Cancels every read in flight, and every read started until `resume()`.
    func interrupt() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.interrupted = true
            return s.tasks.values.filter { !$0.isWrite }.map(\.task)
        }
        for t in tasks { t.cancel() }
    }

    /// Cancels every call in flight, writes included, and every call started until `resume()`.
    func abort() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.interrupted = true
            s.aborted = true
            return s.tasks.values.map(\.task)
        }
        for t in tasks { t.cancel() }
    }

    /// Lets calls run again after an interrupt (before the next statement).
    func resume() {
        state.withLock {
            $0.interrupted = false
            $0.aborted = false
        }
    }

    /// Runs `operation` and blocks the calling thread (never a concurrency-pool thread) until it
    /// ends. A write (`isWrite`) is cancelled only by `abort`.
    public func wait<T: Sendable>(isWrite: Bool = false, _ operation: @escaping @Sendable () async throws -> T) throws -> T {
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
        let (id, cancelled) = state.withLock { s -> (UInt64, Bool) in
            s.nextID += 1
            s.tasks[s.nextID] = (task, isWrite)
            return (s.nextID, isWrite ? s.aborted : s.interrupted)
        }
        if cancelled { task.cancel() }
        done.wait()
        state.withLock { _ = $0.tasks.removeValue(forKey: id) }
        switch result.withLock({ $0 }) {
        case .success(let v): return v
        case .failure(let e): throw e
        case .none: throw CancellationError()
        }
    }
}
