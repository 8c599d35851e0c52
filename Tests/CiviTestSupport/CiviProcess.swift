import Foundation

/// Runs the built `civi` binary as a child process and captures what it prints.
public enum CiviProcess {
    /// The binary under test: `$CIVI_BIN`, else the `civi` built beside the test bundle (so a
    /// `--scratch-path` or release build is found too), else `.build/debug/civi`.
    public static let binary: String = {
        if let b = ProcessInfo.processInfo.environment["CIVI_BIN"], !b.isEmpty { return b }
        for directory in buildDirectories() {
            let candidate = directory + "/civi"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return Repository.root + "/.build/debug/civi"
    }()

    /// The folders the test bundle was loaded from: the build products folder holds `civi` too.
    private static func buildDirectories() -> [String] {
        var paths: [String] = []
        #if os(Linux)
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { paths.append(exe) }
        #endif
        paths += Bundle.allBundles.map(\.bundlePath).filter { $0.hasSuffix(".xctest") }
        if let first = CommandLine.arguments.first, first.contains(".xctest") { paths.append(first) }
        return paths.map { path in
            // Inside a macOS bundle the products folder is the one holding `*.xctest`.
            var url = URL(fileURLWithPath: path)
            while url.path.contains(".xctest") && url.path != "/" { url.deleteLastPathComponent() }
            return url.path
        }
    }

    /// What a run produced.
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard output then standard error.
        public var all: String { stdout + stderr }

        /// What a run printed and how it exited.
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// A fresh HOME with XDG folders, so runs never touch the real user's files.
    public static func temporaryHome() throws -> String {
        let dir = NSTemporaryDirectory() + "civi-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A minimal environment pointing HOME and the XDG folders into `home`.
    public static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/config",
            "XDG_DATA_HOME": home + "/data",
            "XDG_STATE_HOME": home + "/state",
            // The write journal too stays in the test's HOME (never the real ~/.local/state).
            "CIVI_JOURNAL": home + "/state/civi/journal.sqlite",
            "TMPDIR": home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        // A sanitized build (scripts/sanitize) reads its options from the environment. ASAN_OPTIONS
        // is left out on purpose: the test process turns leak checking off for itself, while the
        // `civi` processes it starts keep it on (with LSAN_OPTIONS' suppressions).
        for k in ["LSAN_OPTIONS", "TSAN_OPTIONS"] {
            if let v = ProcessInfo.processInfo.environment[k] { env[k] = v }
        }
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs civi with `arguments`, feeding `input` on standard input, and waits (up to `timeout` s).
    public static func run(_ arguments: [String], input: String? = nil, environment: [String: String],
                    directory: String? = nil, timeout: Double = 120) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.environment = environment
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw TimedOut(arguments: arguments)
        }
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A run that did not finish in time.
    public struct TimedOut: Error, CustomStringConvertible {
        public let arguments: [String]
        public var description: String { "civi \(arguments.joined(separator: " ")) did not finish in time" }
    }
}
