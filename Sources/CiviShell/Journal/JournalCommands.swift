import CiviClient
import CiviCore
import CiviJournal
import CiviLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Shell {
    /// `civi log [RUN] [--json]`: recent runs, or one run's writes.
    public static func log(run: String?, json: Bool, limit: Int, options: ShellOptions) -> Int32 {
        let env = ProcessEnvironment.current()
        let path = JournalLocation.path(environment: env)
        let color = Terminal.wantsColor(1, disabled: options.noColor, environment: env)
        guard access(path, F_OK) == 0 else {
            Terminal.writeOut(json ? "[]\n" : "no runs have written anything yet (journal: \(path))\n")
            return 0
        }
        do {
            let store = try JournalStore.open(path: path)
            defer { store.close() }
            guard let id = run else {
                Terminal.writeOut(RunLogView.runs(try store.recentRuns(limit: limit), json: json, width: Terminal.width(1), color: color))
                return 0
            }
            guard let info = try store.run(id) else { throw UndoError("no run \(id) in the journal \(path) (civi log lists the runs)") }
            Terminal.writeOut(RunLogView.writes(of: info, try store.writes(of: info.id), json: json, width: Terminal.width(1), color: color))
            return 0
        } catch {
            Terminal.writeError("civi log: error: \(error)\n")
            return 1
        }
    }

    /// `civi undo RUN [--dry-run] [--force]`: the inverse of a run's writes, newest first, as a
    /// journaled run of its own. Exit 1 when anything was left undone (conflicts, failures).
    public static func undo(run id: String, dryRun: Bool, force: Bool, options: ShellOptions) -> Int32 {
        let env = ProcessEnvironment.current()
        let path = JournalLocation.path(environment: env)
        let store: JournalStore
        let info: RunInfo
        let writes: [JournalWrite]
        do {
            guard access(path, F_OK) == 0 else { throw UndoError("no journal at \(path): nothing to undo") }
            store = try JournalStore.open(path: path)
            guard let found = try store.run(id) else { throw UndoError("no run \(id) in the journal \(path) (civi log lists the runs)") }
            info = found
            writes = try store.writes(of: info.id)
        } catch {
            Terminal.writeError("civi undo: error: \(error)\n")
            return 1
        }
        store.close()
        var sessionOptions = options
        sessionOptions.connection.dryRun = false
        let session = Session(options: sessionOptions, scriptPath: nil, arguments: [], what: "undo \(info.id)")
        let here = session.connection.apiHostName
        if here != info.host && !force {
            Terminal.writeError("civi undo: error: run \(info.id) wrote to \(info.host), but civi is now pointed at \(here); "
                                + "choose the same profile or base URL (--force undoes it here anyway)\n")
            session.close()
            return 1
        }
        if !info.hasEnded && !force {
            Terminal.writeError("civi undo: error: run \(info.id) is still going (process \(info.pid)); undo it once it ends (--force undoes it now)\n")
            session.close()
            return 1
        }
        ScriptInterrupts.install()
        let host = session.host
        let watchdog = InterruptWatchdog(take: { ScriptInterrupts.take() }) { count in
            if count == 1 { host.interrupt() } else { host.abort() }
        }
        let steps = UndoPlan.steps(for: writes, runEnded: info.hasEnded, resources: session.sender.resources)
        let runner = UndoRunner(host: session.sender, dryRun: dryRun, force: force,
                                stopRequested: { ScriptInterrupts.received != nil })
        let results = runner.run(steps)
        watchdog.stop()
        let summary = UndoSummary(results, dryRun: dryRun)
        Terminal.writeOut(summary.lines(verbose: dryRun))
        let undoRun = session.journal.currentRun?.id
        Terminal.writeOut(summary.headline(of: info.id, undoRun: undoRun) + "\n")
        let signal = ScriptInterrupts.received
        session.close(status: signal == nil ? .finished : .interrupted)
        if let signal { return 128 + signal }
        return summary.isComplete ? 0 : 1
    }
}
