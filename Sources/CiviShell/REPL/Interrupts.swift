#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Set by the SIGINT handler; read by the prompt loop and the evaluation watchdog.
let interruptRequested = Atomic<Bool>(false)

/// Ctrl-C handling for the REPL: the handler only stores into an atomic flag (async-signal-safe);
/// everything else happens on normal threads that look at the flag.
enum Interrupts {
    /// Installs the SIGINT handler without SA_RESTART, so a blocked `readline` returns (EINTR).
    static func install() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in interruptRequested.store(true, ordering: .relaxed) }
        #else
        action.__sigaction_u.__sa_handler = { _ in interruptRequested.store(true, ordering: .relaxed) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (the mask is inherited across exec);
        // unblock it here so threads made from now on receive Ctrl-C.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Reads and clears the flag.
    static func take() -> Bool { interruptRequested.exchange(false, ordering: .relaxed) }
}

/// Watches the interrupt flag while a statement runs and calls `onInterrupt` with the number of
/// interrupts so far (1 for the first Ctrl-C) each time it is set.
final class InterruptWatchdog: @unchecked Sendable {
    // `finished` and `onInterrupt` are only touched through the atomic and the immutable closure.
    private let finished = Atomic<Bool>(false)
    private let onInterrupt: @Sendable (Int) -> Void
    private let take: @Sendable () -> Bool

    /// Starts watching on a background thread; `take` reads and clears the flag it watches.
    init(take: @escaping @Sendable () -> Bool = { Interrupts.take() }, onInterrupt: @escaping @Sendable (Int) -> Void) {
        self.onInterrupt = onInterrupt
        self.take = take
        let me = Unmanaged.passRetained(self)
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { raw in
            let dog = Unmanaged<InterruptWatchdog>.fromOpaque(raw!).takeRetainedValue()
            dog.loop()
            return nil
        }, me.toOpaque())
        if rc == 0 { pthread_detach(tid) } else { me.release() }
    }

    private func loop() {
        var count = 0
        while !finished.load(ordering: .relaxed) {
            if take() {
                count += 1
                onInterrupt(count)
            }
            usleep(10_000)
        }
    }

    /// Stops watching.
    func stop() { finished.store(true, ordering: .relaxed) }
}
