import CiviClient
import CiviCore
import Foundation
import Logging

/// The key every test uses; tests search captured output for it.
let testKey = "sk_test_7f3a9c2e5b1d_SECRET"

/// Collects every log line (message and metadata) a client writes.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }

    /// A debug-level logger that writes into this capture.
    func logger() -> Logger {
        var logger = Logger(label: "civi.test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .debug
        return logger
    }
}

private struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let meta = (self.metadata.merging(event.metadata ?? [:]) { $1 }).map { "\($0.key)=\($0.value)" }.sorted()
        capture.append("\(event.level) \(event.message) \(meta.joined(separator: " "))")
    }
}

/// A client for `baseURL` with fast retries, so failure tests take milliseconds.
func makeClient(_ baseURL: String, perPage: Int = 100, prefetch: Int = 1, retries: Int? = 5, budget: Double = 10,
                timeout: Double = 10, deadline: Double = 30, logger: Logger? = nil) throws -> CiviClient {
    try CiviClient(baseURL: baseURL, apiKey: testKey, keySource: "CIVICLICK_API_KEY", perPage: perPage,
                   prefetchDepth: prefetch, timeout: timeout, deadline: deadline,
                   retryPolicy: RetryPolicy(retries: retries, baseDelay: 0.001, maxDelay: 0.01, budget: budget),
                   logger: logger, retryNotices: false)
}

/// The advocates resource of the standard table.
let advocatesSpec = ResourceTable.civiClick.spec(named: "advocates")!

/// Every record of a stream, in order.
func drain(_ stream: PageStream) async throws -> [Record] {
    var out: [Record] = []
    for try await page in stream { out += page.compactMap(\.recordValue) }
    return out
}

/// The `id` of a record.
func id(_ r: Record) -> String { r["id"]?.stringValue ?? "" }
