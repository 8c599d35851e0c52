import CiviClient
import CiviJournal
import Synchronization

/// The journal run of one session: opened at the first write (so runs that only read leave no
/// trace and start no faster or slower), or never when the journal is off. A journal that cannot
/// be opened or written gives one warning on stderr and the session goes on without it.
final class SessionJournal: Sendable {
    private enum State: Sendable {
        case unopened
        case open(JournalRun)
        case off
    }

    /// What the run is, for `civi log`: a script path, `repl`, `-e`, `stdin`, `undo r_…`.
    let what: String
    private let connection: Connection
    private let state = Mutex(State.unopened)

    init(what: String, connection: Connection) {
        self.what = what
        self.connection = connection
    }

    /// The run to record writes in, opening the journal on first use; nil when the journal is off.
    func run() -> JournalRun? {
        if let known = state.withLock({ s -> JournalRun?? in
            switch s {
            case .open(let run): return .some(run)
            case .off: return .some(nil)
            case .unopened: return nil
            }
        }) { return known }
        return state.withLock { s -> JournalRun? in
            if case .open(let run) = s { return run }
            if case .off = s { return nil }
            // Unresolvable settings fail the write itself, with the real reason; no warning here.
            guard let settings = try? connection.settings() else { return nil }
            guard !connection.options.noJournal, settings.journal else {
                s = .off
                return nil
            }
            do {
                let store = try JournalStore.open(path: JournalLocation.path(environment: connection.environment))
                let run = try store.beginRun(what: what, profile: settings.profile, host: connection.apiHostName)
                s = .open(run)
                return run
            } catch {
                s = .off
                Self.warn(error)
                return nil
            }
        }
    }

    /// The open run, if a write has opened one (never opens the journal).
    var currentRun: JournalRun? {
        state.withLock { s in if case .open(let run) = s { run } else { nil } }
    }

    /// Writes journaled so far in this session.
    var writeCount: Int { currentRun?.writeCount ?? 0 }

    /// Stops journaling after a failed journal write (one warning; the run goes on).
    func fail(_ error: any Error) {
        let first = state.withLock { s -> Bool in
            if case .off = s { return false }
            s = .off
            return true
        }
        if first { Self.warn(error) }
    }

    /// Records how the session's run ended (nothing when it never wrote) and closes the journal.
    func finish(_ status: RunStatus) {
        guard let run = currentRun else { return }
        do { try run.finish(status) } catch { fail(error) }
        run.store.close()
    }

    private static func warn(_ error: any Error) {
        Terminal.writeError("civi: warning: \(error); this run goes on without a journal (civi log and civi undo will not know its writes)\n")
    }
}
