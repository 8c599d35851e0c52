import AsyncHTTPClient
import CiviCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// A response as received: status, headers and the whole body.
struct WireResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var requestID: String?

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

extension CiviClient {
    /// The largest response body accepted (a page of 100 records is far below this).
    static let maxBodyBytes = 64 * 1024 * 1024

    /// Sends one logical request, retrying as `retryPolicy` allows, and logs it.
    ///
    /// Every method is retried on 429/502/503/504 and connection failures: GET, PUT, PATCH
    /// and DELETE are idempotent here, and each POST carries one `Idempotency-Key` reused across
    /// its retries, so a create that reached the server before a failure is not repeated.
    /// `url` must be on the base URL's origin: the key is never sent anywhere else.
    func send(method: String, url: String, body: [UInt8]?, idempotencyKey: String? = nil) async throws -> WireResponse {
        guard !shutDown.withLock({ $0 }) else {
            throw CiviClientError.configuration(message: "the client was shut down", hint: nil)
        }
        let shownURL = apiKey.redact(url)
        guard isOnBaseOrigin(url) else {
            throw CiviClientError.configuration(
                message: "refusing to send the API key to \(shownURL): it is not on the base URL's origin \(origin)",
                hint: nil)
        }
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/json"), ("User-Agent", "civi/\(civiVersion)"),
        ]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if method == "POST" { headers.append(("Idempotency-Key", idempotencyKey ?? UUID().uuidString.lowercased())) }

        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey.secret)")
        for (n, v) in headers { request.headers.add(name: n, value: v) }

        let sequence = counters.withLock { c in
            defer { c.logical += 1 }
            return c.logical
        }
        let started = SystemClock.monotonicSeconds()
        let target = URLPolicy.hostAndPort(of: url) ?? host
        let limits = AttemptLimits(idle: timeout, deadline: deadline)
        var attempt = 0
        var entry = RequestLogEntry(
            method: method, url: shownURL, headers: [("Authorization", "Bearer ***")] + headers,
            body: body.map { apiKey.redact(String(decoding: $0, as: UTF8.self)) }, status: nil, duration: 0,
            requestID: nil, attempts: 0, failure: nil, sequence: sequence)
        defer {
            entry.duration = SystemClock.monotonicSeconds() - started
            entry.attempts = attempt
            let finished = entry
            counters.withLock { $0.ring.append(finished) }
        }

        while true {
            attempt += 1
            if Task.isCancelled { entry.failure = "cancelled"; throw CiviClientError.cancelled }
            if let body { request.body = .bytes(body) }
            counters.withLock { $0.attempts += 1 }
            let outcome: Result<WireResponse, any Error>
            do {
                outcome = .success(try await exchange(request))
            } catch {
                outcome = .failure(error)
            }
            let elapsed = SystemClock.monotonicSeconds() - started
            let ms = Int(elapsed * 1000)

            switch outcome {
            case .success(let response):
                entry.status = response.status
                entry.requestID = response.requestID
                logger.debug("\(method) \(shownURL) -> \(response.status) (\(ms) ms, attempt \(attempt))",
                             metadata: ["authorization": "Bearer ***", "request_id": "\(entry.requestID ?? "-")"])
                if RetryPolicy.isRetryable(status: response.status) {
                    let busy = RetryPolicy.isBusy(status: response.status)
                    let retryAfter = response.header("Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
                    if let wait = retryPolicy.wait(beforeRetry: attempt, busy: busy, retryAfter: retryAfter, elapsed: elapsed) {
                        let reason = busy ? "API busy (\(response.status))" : "HTTP \(response.status) from \(target)"
                        try await pause(wait, reason: reason, nextAttempt: attempt + 1, method: method, url: shownURL)
                        continue
                    }
                }
                return response
            case .failure(let error):
                let (mapped, retryable) = TransportErrors.classify(error, host: target, limits: limits)
                if mapped == .cancelled || Task.isCancelled {
                    entry.failure = "cancelled"
                    throw CiviClientError.cancelled
                }
                logger.debug("\(method) \(shownURL) failed (\(ms) ms, attempt \(attempt)): \(mapped.report.message)",
                             metadata: ["authorization": "Bearer ***"])
                if retryable, let wait = retryPolicy.wait(beforeRetry: attempt, busy: false, retryAfter: nil, elapsed: elapsed) {
                    try await pause(wait, reason: mapped.report.message, nextAttempt: attempt + 1, method: method, url: shownURL)
                    continue
                }
                entry.failure = mapped.report.message
                throw mapped
            }
        }
    }

    /// True when `url` starts with the base URL's own `scheme://host[:port]`, followed by a path,
    /// a query or nothing — so no request can reach another host, port or scheme.
    func isOnBaseOrigin(_ url: String) -> Bool {
        guard url.hasPrefix(origin) else { return false }
        let next = url.dropFirst(origin.count).first
        return next == nil || next == "/" || next == "?"
    }

    /// One attempt: the whole exchange, head and body, within `deadline`; the idle timeout
    /// (the pool's read timeout) catches a server that goes quiet at any point.
    private func exchange(_ request: HTTPClientRequest) async throws -> WireResponse {
        let http = self.http
        let deadline = self.deadline
        let key = apiKey
        return try await withThrowingTaskGroup(of: WireResponse?.self) { group in
            group.addTask {
                let response = try await http.execute(request, deadline: .now() + .nanoseconds(Int64(deadline * 1e9)))
                let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
                let hs = response.headers.map { (name: $0.name, value: $0.value) }
                return WireResponse(status: Int(response.status.code), headers: hs, body: Array(buffer.readableBytesView),
                                    requestID: response.headers.first(name: "X-Request-Id").map(key.redact))
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(deadline * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else { throw AttemptDeadlineExceeded() }
            return response
        }
    }

    /// Waits before a retry, telling a human on a terminal (and the log) why.
    private func pause(_ seconds: Double, reason: String, nextAttempt: Int, method: String, url: String) async throws {
        let shown = seconds >= 1 ? "\(Int(seconds.rounded())) s" : String(format: "%.1f s", seconds)
        let text = "civi: \(reason), retrying in \(shown) — attempt \(nextAttempt)"
        logger.info("\(text)", metadata: ["request": "\(method) \(url)"])
        if noticesOnTerminal { FileHandle.standardError.write(Data((text + "\n").utf8)) }
        do {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        } catch {
            throw CiviClientError.cancelled
        }
    }
}
