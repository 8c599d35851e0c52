import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM for `civi serve`, caught from the moment this is made: both are blocked in
/// the calling thread (and so in every thread started after it) and taken by one thread with
/// `sigwait`, so a signal that arrives between announcing the server and waiting for it stays
/// pending instead of being lost. Before `markReady` a signal ends the process at once (there is
/// nothing to shut down: seeding writes to a temporary file); a second signal ends it too.
final class TerminationSignals: Sendable {
    private enum State {
        case starting, ready, received
        case waiting(CheckedContinuation<Void, Never>)
    }

    private let state = Mutex<State>(.starting)

    /// Call before any other thread exists (first thing in the command), so every thread inherits the mask.
    init() {
        var signals = Self.signalSet()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let queue = DispatchQueue(label: "civi.serve.signals")
        queue.async { [self] in
            while true {
                var set = Self.signalSet()
                var received: Int32 = 0
                guard sigwait(&set, &received) == 0 else { continue }
                take(received)
            }
        }
    }

    /// From now on a signal asks the server to stop (call before announcing readiness).
    func markReady() {
        state.withLock { s in if case .starting = s { s = .ready } }
    }

    /// Returns once SIGINT or SIGTERM has arrived (at once if one already has).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = state.withLock { s -> Bool in
                if case .received = s { return true }
                s = .waiting(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }

    private func take(_ signal: Int32) {
        let waiting = state.withLock { s -> CheckedContinuation<Void, Never>?? in
            switch s {
            case .starting, .received: return .none
            case .ready:
                s = .received
                return .some(nil)
            case .waiting(let c):
                s = .received
                return .some(c)
            }
        }
        guard let waiting else { _exit(128 + signal) }
        waiting?.resume()
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
