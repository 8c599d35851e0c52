import Foundation

/// `civi serve --log` as a child process on a free port, its request log (one line per request:
/// `METHOD PATH STATUS ms`) going to a file the test can read while it runs.
public final class LoggedServeProcess {
    /// The server's base URL and key, from its "serving" line.
    public let baseURL: String
    public let apiKey: String
    /// The request log file.
    public let logPath: String
    private let process: Process

    /// Starts `civi serve --port 0 --log` with `arguments` (seed sizes, `--latency-ms`, `--fail-rate`).
    public init(arguments: [String], home: String) throws {
        logPath = home + "/serve-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CiviProcess.binary)
        p.arguments = ["serve", "--port", "0", "--log"] + arguments
        p.environment = CiviProcess.environment(home: home)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try p.run()
        process = p
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while !seen.contains("\n"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let words = seen.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard let url = words.first(where: { $0.hasPrefix("http://") }), let key = words.first(where: { $0.hasPrefix("sk_") }) else {
            p.terminate()
            throw CiviProcess.TimedOut(arguments: p.arguments ?? [])
        }
        baseURL = url
        apiKey = key
    }

    /// Arguments that point civi at this server.
    public var arguments: [String] { ["--base-url", baseURL] }

    /// A HOME's environment carrying this server's key.
    public func environment(home: String) -> [String: String] {
        CiviProcess.environment(home: home, extra: ["CIVICLICK_API_KEY": apiKey])
    }

    /// The request log so far, one entry per line.
    public var requests: [String] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Stops the server.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}
