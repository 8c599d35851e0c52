import CiviSandbox
import Foundation

/// A civi REPL on a pseudo-terminal with its own temporary HOME, driven by a test.
public final class REPLSession {
    /// The terminal the binary runs on (for `transcript`, `pump` and the like).
    public let terminal: PseudoTerminal
    /// The temporary HOME (XDG folders inside it); also the working directory.
    public let home: String
    /// The sandbox the session talks to, when the test gave one.
    public let sandbox: TestSandbox?

    init(terminal: PseudoTerminal, home: String, sandbox: TestSandbox?) {
        self.terminal = terminal
        self.home = home
        self.sandbox = sandbox
    }

    /// Types a line and Enter.
    public func send(_ line: String) { terminal.line(line) }
    /// Types raw keys ("\t" Tab, "\r" Enter, "\u{03}" Ctrl-C, "\u{1B}[A" Up).
    public func type(_ keys: String) { terminal.type(keys) }
    /// Waits until the screen since the last `expect` shows `needle`; returns that screen text.
    @discardableResult
    public func expect(_ needle: String, timeout: Double = 20) throws -> String {
        try terminal.expect(needle, timeout: timeout)
    }
    /// Ctrl-D at an idle prompt.
    public func endInput() { terminal.endInput() }
    /// Waits for civi to exit; its status, or nil if it is still running.
    @discardableResult
    public func waitForExit(timeout: Double = 10) -> Int32? { terminal.waitForExit(timeout: timeout) }
    /// Everything shown so far, escape sequences removed.
    public var screen: String { terminal.screen }
    /// Everything shown so far, raw.
    public var transcript: String { terminal.transcript }
}

/// Runs `body` with civi started on a pty (TERM=xterm) in a temporary HOME, pointed at `sandbox`
/// when given (else civi's embedded sandbox), with `arguments` after the sandbox's. `home` reuses
/// a HOME (e.g. to test history across restarts). On the way out a still-running civi gets Ctrl-D
/// and, if it does not exit, is killed.
public func withREPL<T>(sandbox: TestSandbox? = nil, home: String? = nil, arguments: [String] = [],
                        environment extra: [String: String] = [:],
                        _ body: (REPLSession) async throws -> T) async throws -> T {
    let home = try home ?? CiviProcess.temporaryHome()
    var env = CiviProcess.environment(home: home, extra: sandbox?.keyEnvironment ?? [:])
    env["TERM"] = "xterm"
    for (k, v) in extra { env[k] = v }
    let terminal = try PseudoTerminal(executable: CiviProcess.binary, arguments: (sandbox?.arguments ?? []) + arguments,
                                      environment: env, directory: home)
    let session = REPLSession(terminal: terminal, home: home, sandbox: sandbox)
    defer {
        if terminal.exitStatus == nil {
            terminal.endInput()
            _ = terminal.waitForExit(timeout: 2)
        }
    }
    return try await body(session)
}

/// `withREPL` against a fresh sandbox seeded with `options`, stopped afterwards (also on failure).
public func withREPL<T>(sandboxOptions options: SandboxOptions, arguments: [String] = [],
                        _ body: (REPLSession) async throws -> T) async throws -> T {
    let sandbox = try await TestSandbox.start(options)
    do {
        let result = try await withREPL(sandbox: sandbox, arguments: arguments, body)
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}
