import CiviCore
import CiviJournal
import CiviLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry points of the `civi` command: each returns the process exit code.
public enum Shell {
    /// The process environment.
    public static var environment: [String: String] { ProcessEnvironment.current() }

    /// `civi -e SOURCE`: runs it and shows the value of each expression statement.
    public static func evaluate(_ source: String, options: ShellOptions) -> Int32 {
        let session = Session(options: options, scriptPath: nil, arguments: [], what: "-e")
        return runScript(session, source, name: "<-e>", display: true)
    }

    /// Piped standard input runs as a script; expression values are shown, as with `-e`.
    public static func runStandardInput(options: ShellOptions) -> Int32 {
        let source: String
        do { source = try FileText.read("-") } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        let session = Session(options: options, scriptPath: nil, arguments: [], what: "stdin")
        return runScript(session, source, name: "<stdin>", display: true)
    }

    /// `civi run FILE [ARGS...]`: runs a script; only `print` writes to standard output.
    public static func runFile(_ path: String, arguments: [String], options: ShellOptions) -> Int32 {
        let source: String
        do { source = try FileText.read(path) } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        let session = Session(options: options, scriptPath: path, arguments: arguments, what: path == "-" ? "stdin" : path)
        return runScript(session, source, name: path == "-" ? "<stdin>" : path, display: false)
    }

    /// Runs a script's source to the end, or until SIGINT/SIGTERM (see `ScriptInterrupts`), and
    /// closes the session, recording in the journal how the run ended; returns the exit code.
    private static func runScript(_ session: Session, _ source: String, name: String, display: Bool) -> Int32 {
        ScriptInterrupts.install()
        let interpreter = session.interpreter, host = session.host, journal = session.journal
        let journalOff = session.options.noJournal
        let watchdog = InterruptWatchdog(take: { ScriptInterrupts.take() }) { count in
            interpreter.cancel()
            guard count > 1 else { return host.interrupt() }
            // A second signal: stop now; writes in flight keep their intent (outcome unknown).
            host.abort()
            Terminal.writeError(ScriptInterrupts.report(journal, journalOff: journalOff, aborted: true) + "\n")
            journal.finish(.interrupted)
            _exit(128 + (ScriptInterrupts.received ?? SIGINT))
        }
        let failure = session.execute(source, name: name, display: display, reportErrors: false)
        watchdog.stop()
        if let signal = ScriptInterrupts.received {
            Terminal.writeError(ScriptInterrupts.report(journal, journalOff: journalOff, aborted: false) + "\n")
            session.close(status: .interrupted)
            return 128 + signal
        }
        if let failure { session.show(failure) }
        session.close(status: failure.map { $0.isExit && $0.exitCode == 0 ? .finished : .failed } ?? .finished)
        if let signal = ScriptInterrupts.received { return 128 + signal }
        return failure.map(Session.exitCode(for:)) ?? 0
    }

    /// `civi check FILE...`: syntax, unknown names, filters and fields, no requests; exit 2 on any error.
    public static func check(_ files: [String], options: ShellOptions) -> Int32 {
        let env = ProcessEnvironment.current()
        let color = Terminal.wantsColor(2, disabled: options.noColor, environment: env)
        var failed = false
        for file in files {
            let source: String
            do { source = try FileText.read(file) } catch {
                Terminal.writeError("civi: error: \(error)\n")
                failed = true
                continue
            }
            // A host that never connects (checking runs nothing) but knows the fields configuration adds.
            let host = ClientHost(connection: Connection(options: options, environment: env))
            let checker = Interpreter(host: host, options: Session.interpreterOptions(scriptPath: file, arguments: [], environment: env))
            // On the large stack `run` uses: compiling recurses once per level of syntax.
            nonisolated(unsafe) var problems: [Diagnostic] = []
            Workers.runOnLargeStack(stackSize: 256 << 20) { problems = checker.check(source, name: file) }
            // The first diagnostic renders the further independent ones it found too.
            if let first = problems.first { Terminal.writeError(first.render(color: color, terminal: Terminal.isTTY(2)) + "\n") }
            if !problems.isEmpty { failed = true }
        }
        return failed ? 2 : 0
    }

    /// `civi test [PATHS...]`: scripts as tests; `N passed, M failed`; exit 1 on any failure.
    public static func test(_ paths: [String], junit: String?, live: Bool = false, arguments: [String] = [],
                            options: ShellOptions) -> Int32 {
        TestRunner(options: options, live: live, arguments: arguments).run(paths: paths, junitPath: junit)
    }

    /// `civi` on a terminal: the interactive shell.
    public static func repl(options: ShellOptions) -> Int32 {
        REPL(options: options).run()
    }
}
