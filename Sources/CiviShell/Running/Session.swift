import CiviClient
import CiviCore
import CiviJournal
import CiviLang
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of civi: the connection (made on first use), the interpreter with its variables, and
/// how results are shown. The REPL, script files, `-e`, standard input and `civi test` all run
/// source through `execute`.
final class Session {
    let options: ShellOptions
    let environment: [String: String]
    let connection: Connection
    /// The client host: it always sends (interrupts and the write gate act on it).
    let host: ClientHost
    /// The session's journal run (opened at the first write).
    let journal: SessionJournal
    /// The host that sends, journaled (see `makeHost`): the interpreter reaches it through
    /// `planning` and `dryRun`; `apply` and `undo` directly.
    let sender: any APIHost
    /// Records writes instead of sending them while a plan is made (`--plan`, `:plan on`).
    let planning: PlanningHost
    /// Prints writes instead of sending them while on (`--dry-run`, `:dry on`): the host the interpreter uses.
    let dryRun: DryRunHost
    /// The journal's sequence numbers of the last statement that wrote (for `:undo`).
    private(set) var lastWrites: ClosedRange<Int>?
    private(set) var interpreter: Interpreter
    /// Output format for values.
    var format: OutputFormat
    /// True when the last `execute` made writes that were not sent (dry-run or plan): `:save` must
    /// not turn them into real ones.
    private(set) var lastStatementWithheldWrites = false
    /// `:time on`: report wall time and requests after each statement.
    var timing = false
    /// The last value `execute` showed (the REPL binds it to `_`); nil when it showed none.
    private(set) var lastShown: Value?
    /// The client's logical request numbers of the last `execute` that sent any (for `:curl`).
    private(set) var lastRequests: Range<Int> = 0..<0
    /// Colours on standard output / standard error.
    let stdoutColor: Bool
    let stderrColor: Bool

    /// `what` names the run in the journal: the script path, `repl`, `-e`, `stdin`, `undo r_…`.
    init(options: ShellOptions, scriptPath: String?, arguments: [String], what: String) {
        self.options = options
        let env = ProcessEnvironment.current()
        environment = env
        connection = Connection(options: options, environment: env)
        // The one place the host stack is put together, outermost first: dry-run, plan, the journal,
        // then the client.
        let gate = WriteGate()
        host = ClientHost(connection: connection, gate: gate)
        journal = SessionJournal(what: what, connection: connection)
        sender = Self.makeHost(client: host, journal: journal, gate: gate)
        planning = PlanningHost(inner: sender)
        dryRun = DryRunHost(inner: planning, on: options.connection.dryRun)
        stdoutColor = Terminal.wantsColor(1, disabled: options.noColor, environment: env)
        stderrColor = Terminal.wantsColor(2, disabled: options.noColor, environment: env)
        format = options.format ?? (Terminal.isTTY(1) ? .table : .json)
        interpreter = Interpreter(host: dryRun, options: Self.interpreterOptions(scriptPath: scriptPath, arguments: arguments,
                                                                                 environment: env, connection: connection))
    }

    /// The journal around the client host (or the client host alone with `--no-journal`).
    static func makeHost(client: ClientHost, journal: SessionJournal, gate: WriteGate) -> any APIHost {
        if client.connection.options.noJournal { return client }
        return JournalingHost(inner: client, journal: journal, gate: gate)
    }

    static func interpreterOptions(scriptPath: String?, arguments: [String], environment: [String: String],
                                   connection: Connection? = nil) -> InterpreterOptions {
        var base = ProcessEnvironment.workingDirectory()
        if let path = scriptPath, path != "-" {
            let absolute = path.hasPrefix("/") ? path : base + "/" + path
            if let slash = absolute.lastIndex(of: "/") { base = String(absolute[..<slash]) }
            if base.isEmpty { base = "/" }
        }
        var o = InterpreterOptions()
        o.scriptPath = scriptPath
        o.baseDirectory = base
        o.arguments = arguments
        o.environment = environment
        // CIVI_PUSHDOWN=0 evaluates every `where` in civi instead of turning it into a server filter
        // (the tests run every scenario both ways; results must not differ).
        o.pushdown = environment["CIVI_PUSHDOWN"] != "0"
        // On a terminal, control characters in printed text are shown, not obeyed (a pipe gets the exact text).
        let onTerminal = Terminal.isTTY(1)
        o.output = { text in
            connection?.clearProgress()
            Terminal.writeOut(onTerminal ? TerminalText.visible(text) : text)
        }
        let errorsOnTerminal = Terminal.isTTY(2)
        o.errorOutput = { text in
            connection?.clearProgress()
            Terminal.writeError(errorsOnTerminal ? TerminalText.visible(text) : text)
        }
        return o
    }

    /// Starts over with a fresh interpreter (same connection), e.g. for the next test file.
    func resetInterpreter(scriptPath: String?, arguments: [String]) {
        interpreter = Interpreter(host: dryRun, options: Self.interpreterOptions(scriptPath: scriptPath, arguments: arguments,
                                                                                 environment: environment, connection: connection))
    }

    /// Runs `source`; shows expression values when `display`; Ctrl-C cancels when `interruptible`
    /// (the first stops new writes and cancels reads, a second cancels writes in flight too).
    /// Returns nil on success, else the diagnostic (already printed when `reportErrors`).
    @discardableResult
    func execute(_ source: String, name: String, display: Bool, interruptible: Bool = false, reportErrors: Bool = true) -> Diagnostic? {
        host.resume()
        let plannedBefore = planning.plannedCount
        interpreter.clearCancellation()
        let writesBefore = journal.writeCount
        defer {
            let writesAfter = journal.writeCount
            if writesAfter > writesBefore { lastWrites = (writesBefore + 1)...writesAfter }
        }
        _ = interpreter.takeStreamReads()
        let started = SystemClock.monotonicSeconds()
        let requestsBefore = connection.requestCount
        let logicalBefore = connection.logicalRequestCount
        lastShown = nil
        var shown: Value?
        let interpreter = self.interpreter
        let host = self.host
        let connection = self.connection
        let watchdog = interruptible ? InterruptWatchdog { count in
            interpreter.cancel()
            if count == 1 { host.interrupt() } else { host.abort() }
        } : nil
        var failure: Diagnostic?
        let shower = display ? ValueDisplay(format: format, color: stdoutColor, width: Terminal.width(1), terminal: Terminal.isTTY(1)) : nil
        Workers.runOnLargeStack(stackSize: 256 << 20) {
            do {
                try interpreter.run(source, name: name, showing: shower?.showing ?? .all, showingNull: display,
                                    keeping: { shown = $0 }, onResult: shower.map { shower in
                    { result in
                        let text = try shower.render(result)
                        connection.clearProgress()
                        Terminal.writeOut(text)
                    }
                })
            } catch let d as Diagnostic {
                failure = d
            } catch {
                failure = Diagnostic(kind: .runtime, message: "\(error)")
            }
        }
        watchdog?.stop()
        connection.clearProgress()
        lastShown = shown
        // A statement that sent nothing (`x = 1`) leaves `:curl` showing the last one that did.
        let logicalAfter = connection.logicalRequestCount
        if logicalAfter > logicalBefore { lastRequests = logicalBefore..<logicalAfter }
        let held = dryRun.takeHeldWrites()
        lastStatementWithheldWrites = !held.isEmpty || planning.plannedCount != plannedBefore
        if let summary = held.dryRunSummary { Terminal.writeError(summary + "\n") }
        if timing {
            let elapsed = SystemClock.monotonicSeconds() - started
            let requests = connection.requestCount - requestsBefore
            let line = String(format3: elapsed) + " s, \(requests) request\(requests == 1 ? "" : "s")"
            let reads = interpreter.takeStreamReads()
            Terminal.writeError(line + TimingReport.streams(reads, holdsSecret: connection.containsSecret) + "\n")
        }
        if let d = failure, reportErrors { show(d) }
        return failure
    }

    /// Shows how a statement failed: the diagnostic, or for `exit(n)` its farewell message.
    func show(_ d: Diagnostic) {
        if !d.isExit {
            report(d)
        } else if let message = d.farewell {
            Terminal.writeError((Terminal.isTTY(2) ? TerminalText.visible(message) : message) + "\n")
        }
    }

    /// Prints a diagnostic to standard error, once (`exit(n)` is not an error to show).
    func report(_ d: Diagnostic) {
        Terminal.writeError(d.render(color: stderrColor, terminal: Terminal.isTTY(2)) + "\n")
    }

    /// The process exit code for a failure: 3 for connection and authentication problems.
    static func exitCode(for d: Diagnostic) -> Int32 {
        if let r = d.report {
            if r.status == 401 || r.status == 403 { return 3 }
            if let code = r.code, ["transport", "timeout", "tls"].contains(code) { return 3 }
            if r.status == nil, r.code == "configuration" { return 3 }
        }
        return d.exitCode
    }

    /// Undoes `writes` (of this session's run) through the session's own journaled host, so the
    /// undo becomes the last statement that wrote (`:undo` again redoes). Ctrl-C stops it.
    func undo(_ writes: [JournalWrite], dryRun: Bool, force: Bool) -> UndoSummary {
        host.resume()
        let host = self.host
        let writesBefore = journal.writeCount
        let stopped = Atomic<Bool>(false)
        let watchdog = InterruptWatchdog { count in
            stopped.store(true, ordering: .relaxed)
            if count == 1 { host.interrupt() } else { host.abort() }
        }
        let steps = UndoPlan.steps(for: writes, runEnded: true, resources: sender.resources)
        let runner = UndoRunner(host: sender, dryRun: dryRun, force: force, stopRequested: { stopped.load(ordering: .relaxed) })
        let results = runner.run(steps)
        watchdog.stop()
        let writesAfter = journal.writeCount
        if writesAfter > writesBefore { lastWrites = (writesBefore + 1)...writesAfter }
        return UndoSummary(results, dryRun: dryRun)
    }

    /// Closes the connection (and stops an embedded sandbox) and records how the run ended.
    func close(status: RunStatus = .finished) {
        connection.shutdown()
        journal.finish(status)
    }
}

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 v: Double) {
        let ms = Int((v * 1000).rounded())
        let frac = ms % 1000
        self = "\(ms / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
    }
}

extension Diagnostic {
    /// True for `exit(n)`: a way to stop, not an error to show.
    var isExit: Bool {
        if case .exit = kind { return true }
        return false
    }
}
