import ArgumentParser
import CiviCore
import CiviSandbox
import CiviShell
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `civi serve`: the local CiviClick-compatible sandbox server.
struct ServeCommand: ParsableCommand, Sendable {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the CiviClick 2.0 contract locally with seeded data (the sandbox).")

    @Option(help: "SQLite database file (default: in memory). An existing seeded file keeps its data.")
    var db: String?
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port (0 = a free port).") var port = 8787
    @Option(name: .customLong("api-key"), help: "The API key clients must send (default: $CIVI_SANDBOX_KEY, else random).")
    var apiKey: String?
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 1
    @Option(help: "Campaigns to seed.") var campaigns = 24
    @Option(help: "Advocates to seed.") var advocates = 5_000
    @Option(help: "Actions to seed.") var actions = 40_000
    @Option(name: .customLong("latency-ms"), help: "Milliseconds added to every response.") var latencyMs = 0
    @Option(name: .customLong("fail-rate"), help: "Fraction of requests answered 503 with Retry-After: 1.") var failRate = 0.0
    @Flag(help: "Log one line per request to stderr.") var log = false
    @Flag(help: "Delete the database file first and reseed.") var reset = false
    @Option(help: ArgumentHelp("The newest seeded timestamp, e.g. 2026-01-01T00:00:00Z (default: now). Same seed and anchor, same data.",
                               valueName: "iso-date"))
    var anchor: String?
    @Option(name: .customLong("export-json"), help: ArgumentHelp("Write the seeded advocates as a JSON array to this file and exit.", visibility: .hidden))
    var exportJSON: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (0.0...1.0).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        guard advocates >= 0, actions >= 0, campaigns >= 0, latencyMs >= 0 else {
            throw ValidationError("counts and --latency-ms must not be negative")
        }
        if let anchor, anchorMilliseconds(anchor) == nil {
            throw ValidationError("--anchor must be an ISO-8601 date-time between years 0001 and 9999, e.g. 2026-01-01T00:00:00Z; got '\(anchor)'")
        }
        if actions > 0 && (advocates == 0 || campaigns == 0) {
            throw ValidationError("actions need at least one campaign and one advocate")
        }
    }

    mutating func run() throws {
        let command = self
        // Before any thread starts, so that no signal can be lost (see TerminationSignals).
        let signals = exportJSON == nil ? TerminationSignals() : nil
        try BlockingBridge().wait { try await command.serve(signals: signals) }
    }

    private func serve(signals: TerminationSignals?) async throws {
        if let path = exportJSON {
            let bytes = SandboxSeeder.advocatesJSON(count: advocates, seed: seed)
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw ValidationError("cannot write \(path)") }
            return
        }
        var options = SandboxOptions()
        options.dbPath = db
        options.host = host
        options.port = port
        options.apiKey = apiKey ?? Shell.environment["CIVI_SANDBOX_KEY"]
        options.seed = seed
        options.campaigns = campaigns
        options.advocates = advocates
        options.actions = actions
        options.latencyMs = latencyMs
        options.failRate = failRate
        options.log = log
        options.reset = reset
        options.anchorMs = anchor.flatMap(anchorMilliseconds)
        let server: SandboxServer
        do {
            server = try await SandboxServer.start(options)
        } catch {
            Terminal.writeError("civi serve: error: \(error)\n")
            throw ExitCode(3)
        }
        signals?.markReady()
        Terminal.writeOut("civi sandbox serving \(server.baseURL)  api key: \(server.apiKey)\n")
        Terminal.writeOut("seeded dates run up to \(server.anchor) (--anchor fixes them)\n")
        await signals?.wait()
        await server.stop()
    }

    /// `text` as whole milliseconds since the epoch, when it is an ISO-8601 instant in range.
    private func anchorMilliseconds(_ text: String) -> Int64? {
        guard let instant = Instant(iso8601: text) else { return nil }
        return Int64((instant.seconds * 1000).rounded())
    }
}
