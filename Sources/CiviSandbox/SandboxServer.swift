public import CiviCore
import GRDB
import Hummingbird
import Logging

/// A running sandbox: a CiviClick-compatible server on loopback, over a seeded SQLite database.
public final class SandboxServer: Sendable {
    /// The API's base URL, e.g. `http://127.0.0.1:8787/api/v2`.
    public let baseURL: String
    /// The key the server accepts (`Authorization: Bearer <key>`).
    public let apiKey: String
    /// The bound port.
    public let port: Int
    /// The newest seeded timestamp (ISO-8601): seeded dates fall in the two years before it.
    public let anchor: String
    private let task: Task<Void, any Error>

    private init(baseURL: String, apiKey: String, port: Int, anchor: String, task: Task<Void, any Error>) {
        self.anchor = anchor
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.port = port
        self.task = task
    }

    /// Opens (seeding when needed) the database and starts serving; returns once the port is bound.
    public static func start(_ options: SandboxOptions) async throws -> SandboxServer {
        guard options.port >= 0 && options.port <= 65_535 else {
            throw SandboxError("port must be between 0 and 65535; got \(options.port)")
        }
        let (db, anchor) = try await Task.detached {
            let db = try SandboxDatabase.open(options)
            return (db, try db.read { try Schema.anchor($0) })
        }.value
        let key = options.apiKey ?? Identifiers.fresh("sk_sandbox_", count: 24)
        let front = FrontDoor(api: SandboxAPI(db: db), apiKey: key, options: options)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "civi-sandbox")
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await front.respond(request) },
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger)
        let task = Task {
            defer { portSink.finish() }
            try await app.run()
        }
        for await port in ports {
            let host = options.host.contains(":") ? "[\(options.host)]" : options.host
            return SandboxServer(baseURL: "http://\(host):\(port)/api/v2", apiKey: key, port: port, anchor: anchor, task: task)
        }
        try await task.value
        throw SandboxError("the sandbox server stopped before it was listening on \(options.host):\(options.port)")
    }

    /// Stops serving and waits for the server to shut down.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// A sandbox start-up failure, with a message saying what went wrong and, when one helps, what to do.
public struct SandboxError: Error, Sendable, CustomStringConvertible, ReportableError {
    /// What went wrong.
    public let message: String
    /// How to fix it, when there is a known way.
    public let hint: String?

    /// An error with `message` and an optional `hint`.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message, then the hint on a line of its own.
    public var description: String { hint.map { "\(message)\nhint: \($0)" } ?? message }

    /// The message and hint for the shell's diagnostics.
    public var report: ErrorReport { ErrorReport(message: message, code: "sandbox", hint: hint) }
}
