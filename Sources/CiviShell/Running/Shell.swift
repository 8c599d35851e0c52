import CiviCore
import CiviLang

/// The entry points of the `civi` command: each returns the process exit code.
public enum Shell {
    /// The process environment.
    public static var environment: [String: String] { ProcessEnvironment.current() }

    /// `civi -e SOURCE`: runs it and shows the value of each expression statement.
    public static func evaluate(_ source: String, options: ShellOptions) -> Int32 {
        let session = Session(options: options, scriptPath: nil, arguments: [])
        defer { session.close() }
        guard let d = session.execute(source, name: "<-e>", display: true) else { return 0 }
        return Session.exitCode(for: d)
    }

    /// Piped standard input runs as a script; expression values are shown, as with `-e`.
    public static func runStandardInput(options: ShellOptions) -> Int32 {
        let source: String
        do { source = try FileText.read("-") } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        let session = Session(options: options, scriptPath: nil, arguments: [])
        defer { session.close() }
        guard let d = session.execute(source, name: "<stdin>", display: true) else { return 0 }
        return Session.exitCode(for: d)
    }

    /// `civi run FILE [ARGS...]`: runs a script; only `print` writes to standard output.
    public static func runFile(_ path: String, arguments: [String], options: ShellOptions) -> Int32 {
        let source: String
        do { source = try FileText.read(path) } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        let session = Session(options: options, scriptPath: path, arguments: arguments)
        defer { session.close() }
        guard let d = session.execute(source, name: path == "-" ? "<stdin>" : path, display: false) else { return 0 }
        return Session.exitCode(for: d)
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
