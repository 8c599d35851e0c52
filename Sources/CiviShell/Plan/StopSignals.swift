#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The first SIGINT or SIGTERM received since `StopSignals.install` (0: none).
private let stopSignalReceived = Atomic<Int32>(0)

/// SIGINT/SIGTERM for `civi apply`: the first asks it to stop starting writes (the one in flight
/// finishes and is recorded); a second ends the process at once. The handler only touches an
/// atomic and `_exit`, both async-signal-safe.
enum StopSignals {
    /// Installs the handlers for SIGINT and SIGTERM and unblocks both.
    static func install() {
        var action = sigaction()
        let handler: @convention(c) (Int32) -> Void = { signal in
            if stopSignalReceived.exchange(signal, ordering: .relaxed) != 0 { _exit(128 + signal) }
        }
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM] {
            sigaction(signal, &action, nil)
            sigaddset(&set, signal)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal that asked to stop, or 0.
    static var received: Int32 { stopSignalReceived.load(ordering: .relaxed) }
}
