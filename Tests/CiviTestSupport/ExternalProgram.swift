import Foundation

/// Runs a program other than civi (python3, node) found on PATH, as exported programs are run.
public enum ExternalProgram {
    /// Runs `command` (looked up on PATH through /usr/bin/env) with `arguments` in `directory`,
    /// and waits up to `timeout` seconds.
    public static func run(_ command: String, _ arguments: [String], environment: [String: String],
                           directory: String? = nil, timeout: Double = 60) throws -> CiviProcess.Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [command] + arguments
        p.environment = environment
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw CiviProcess.TimedOut(arguments: [command] + arguments)
        }
        p.waitUntilExit()
        return CiviProcess.Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                  stderr: String(decoding: errData, as: UTF8.self))
    }

    /// True when `command` is on PATH.
    public static func isAvailable(_ command: String) -> Bool {
        (try? run("which", [command], environment: ProcessInfo.processInfo.environment, timeout: 10).status) == 0
    }
}
