import Foundation

/// Runs the built `civi` binary as a child process and captures what it prints.
struct CiviProcess {
    /// The package root (three levels above this file).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The binary under test: `$CIVI_BIN`, else `.build/debug/civi`.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["CIVI_BIN"] { return b }
        return packageRoot + "/.build/debug/civi"
    }

    /// The shared scenarios folder beside the project root.
    static var scenariosDirectory: String { packageRoot + "/../shared/scenarios" }

    /// What a run produced.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }
    }

    /// A fresh HOME with XDG folders, so runs never touch the real user's files.
    static func temporaryHome() throws -> String {
        let dir = NSTemporaryDirectory() + "civi-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A minimal environment pointing HOME and the XDG folders into `home`.
    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/config",
            "XDG_DATA_HOME": home + "/data",
            "XDG_STATE_HOME": home + "/state",
            "TMPDIR": home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs civi with `arguments`, feeding `input` on standard input, and waits (up to `timeout` s).
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String],
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

    struct TimedOut: Error, CustomStringConvertible {
        let arguments: [String]
        var description: String { "civi \(arguments.joined(separator: " ")) did not finish in time" }
    }
}
