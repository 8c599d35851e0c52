import CiviJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The first SIGINT/SIGTERM a script run received (0: none), and signals not yet seen by the watchdog.
let scriptSignal = Atomic<Int32>(0)
let scriptSignalsPending = Atomic<Int>(0)

/// SIGINT and SIGTERM while a script runs (`civi run`, `civi FILE`, `-e`, standard input): the
/// first stops new writes and lets those in flight finish, then civi says what was sent and exits
/// 130 (SIGINT) or 143 (SIGTERM); a second aborts at once. The handlers only store into atomics.
enum ScriptInterrupts {
    /// Installs the handlers (and unblocks both signals, which a parent may have blocked).
    static func install() {
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { received in ScriptInterrupts.note(received) }
            #else
            action.__sigaction_u.__sa_handler = { received in ScriptInterrupts.note(received) }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Async-signal-safe: atomics only.
    private static func note(_ received: Int32) {
        _ = scriptSignal.compareExchange(expected: 0, desired: received, ordering: .relaxed)
        scriptSignalsPending.add(1, ordering: .relaxed)
    }

    /// The first signal received, or nil.
    static var received: Int32? {
        let s = scriptSignal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Reads and clears the signals not yet seen.
    static func take() -> Bool { scriptSignalsPending.exchange(0, ordering: .relaxed) > 0 }

    /// What civi says after an interrupt: how many writes were sent, and how to see and revert them.
    static func report(_ journal: SessionJournal, journalOff: Bool, aborted: Bool) -> String {
        let verb = aborted ? "aborted" : "interrupted"
        guard let run = journal.currentRun else {
            return journalOff ? "\(verb) (the journal is off, so the writes sent are not recorded)"
                : "\(verb) before any write was sent"
        }
        let n = run.writeCount
        var line = "\(verb) after \(n) write\(n == 1 ? "" : "s") (run \(run.id)); civi log \(run.id) shows them; "
            + "civi undo \(run.id) reverts them"
        if aborted { line += " (writes that were in flight show as outcome unknown)" }
        return line
    }
}
