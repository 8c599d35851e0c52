import Foundation

/// A `civi` child process started in the background, so a test can signal or kill it mid-run.
// The captured output is written by the reader threads before they leave `group` and read only
// after waiting for it.
public final class RunningCivi: @unchecked Sendable {
    /// The child.
    public let process: Process
    private let out = Pipe(), err = Pipe()
    private let group = DispatchGroup()
    private var outData = Data()
    private var errData = Data()

    /// Starts civi with `arguments` in `environment` (see `CiviProcess.environment`).
    public init(_ arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: CiviProcess.binary)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes as output arrives so a chatty child never blocks on a full pipe.
        group.enter()
        DispatchQueue.global().async { [self] in outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { [self] in errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGINT, SIGTERM, SIGKILL) to the child.
    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the child to exit (killing it after `timeout` s) and returns what it printed.
    public func finish(timeout: Double = 30) throws -> CiviProcess.Output {
        if group.wait(timeout: .now() + timeout) == .timedOut {
            kill(pid, SIGKILL)
            throw CiviProcess.TimedOut(arguments: process.arguments ?? [])
        }
        process.waitUntilExit()
        return CiviProcess.Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                  stderr: String(decoding: errData, as: UTF8.self))
    }
}
