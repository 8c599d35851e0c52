import CiviTestSupport
import Foundation

/// One of the fake APIs in `Tests/ExportCorpus/support` run as a process: it prints its port,
/// serves until its standard input closes, then prints what it saw.
final class SupportServer {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    /// The loopback port it listens on.
    let port: String

    /// The API's base URL, as exported programs and civi read it.
    var baseURL: String { "http://127.0.0.1:\(port)/api/v2" }

    /// Starts `support/NAME` with `arguments` and waits for its port.
    init(_ name: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.root + "/Tests/ExportCorpus/support/" + name] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        let reader = output.fileHandleForReading
        while !line.contains(10), let byte = try reader.read(upToCount: 1), !byte.isEmpty { line += byte }
        port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops serving and returns what the server printed about the requests it saw.
    func finish() throws -> String {
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
