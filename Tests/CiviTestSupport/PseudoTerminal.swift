import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program on a real pseudo-terminal (forkpty), types into it and reads its screen output.
public final class PseudoTerminal {
    /// The child process.
    public let pid: pid_t
    private let master: Int32
    /// Everything read so far (raw, with escape sequences).
    public private(set) var transcript = ""
    private var consumed = 0

    /// A failed start or an unmet expectation, with the screen so far.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments` and `environment` on a new terminal of the given size.
    public init(executable: String, arguments: [String], environment: [String: String], directory: String? = nil,
         columns: UInt16 = 120, rows: UInt16 = 40) throws {
        // Everything the child needs is prepared before fork: after fork only async-signal-safe calls.
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let dir = directory.flatMap { strdup($0) }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            if let dir { free(dir) }
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child < 0 { throw Failure(description: "forkpty failed: \(String(cString: strerror(errno)))") }
        if child == 0 {
            // The test runner's threads may block signals; the program under test starts clean.
            var none = sigset_t()
            sigemptyset(&none)
            sigprocmask(SIG_SETMASK, &none, nil)
            if let dir { chdir(dir) }
            execve(argv[0]!, argv, envp)
            _exit(127)
        }
        pid = child
        master = fd
    }

    /// The exit status once `waitForExit` has seen the program end.
    public private(set) var exitStatus: Int32?

    deinit {
        // A reaped pid may already belong to another process: only a running child is killed.
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (use "\t" for Tab, "\r" for Enter, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
    }

    /// Ctrl-D at an idle prompt. Waits a moment first: a ^D that arrives before the line editor
    /// has switched the terminal to raw mode is eaten by the tty's canonical mode, as with a person
    /// who could never type that fast.
    public func endInput() {
        usleep(300_000)
        type("\u{04}")
    }

    /// Types a line and Enter.
    public func line(_ text: String) { type(text + "\r") }

    /// Reads until the output since the last `expect` contains `needle`; returns that output
    /// (escape sequences removed). Throws with the transcript on timeout.
    @discardableResult
    public func expect(_ needle: String, timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            // Match in the cleaned screen text and consume only up to the end of the match, so
            // output that arrived with it (e.g. the next prompt) is still there for the next expect.
            let clean = PseudoTerminal.strip(transcript)
            let fresh = clean.dropFirst(consumed)
            if let r = fresh.range(of: needle) {
                consumed = clean.distance(from: clean.startIndex, to: r.upperBound)
                return String(fresh[..<r.upperBound])
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                throw Failure(description: "timed out waiting for \(needle.debugDescription); screen so far:\n\(PseudoTerminal.strip(transcript))")
            }
            pump(timeout: min(remaining, 0.2))
        }
    }

    /// Reads whatever arrives within `timeout` seconds.
    public func pump(timeout: Double) {
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) > 0 else { return }
        var buf = [UInt8](repeating: 0, count: 65_536)
        let n = read(master, &buf, buf.count)
        if n > 0 { transcript += String(decoding: buf[0..<n], as: UTF8.self) }
    }

    /// Waits for the program to exit; returns its exit status, or nil if still running.
    public func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        if let exitStatus { return exitStatus }
        while Date() < deadline {
            pump(timeout: 0.05)
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                exitStatus = (status >> 8) & 0xFF
                return exitStatus
            }
        }
        return nil
    }

    /// The transcript without terminal escape sequences.
    public var screen: String { PseudoTerminal.strip(transcript) }

    /// Removes ANSI CSI/OSC sequences and carriage returns.
    public static func strip(_ s: String) -> String {
        var out = ""
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            if c == "\u{1B}" {
                guard let n = it.next() else { break }
                if n == "[" {
                    while let k = it.next(), !(k.value >= 0x40 && k.value <= 0x7E) {}
                } else if n == "]" {
                    while let k = it.next(), k != "\u{07}" {}
                }
                continue
            }
            if c == "\r" || c == "\u{07}" { continue }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
