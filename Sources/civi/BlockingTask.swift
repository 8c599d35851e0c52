import Dispatch
import Synchronization

/// Runs async work from the synchronous command entry points and waits for it.
enum BlockingTask {
    static func run(_ body: @escaping @Sendable () async throws -> Void) -> Result<Void, any Error> {
        let result = Mutex<Result<Void, any Error>>(.success(()))
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await body() } catch { result.withLock { $0 = .failure(error) } }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }
}
