import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

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
    func send(method: String, url: String, body: [UInt8]?) async throws -> WireResponse {
        guard !shutDown.withLock({ $0 }) else {
            throw CiviClientError.configuration(message: "the client was shut down", hint: nil)
        }
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/json"), ("User-Agent", "civi/\(civiVersion)"),
        ]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if method == "POST" { headers.append(("Idempotency-Key", UUID().uuidString.lowercased())) }

        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey.secret)")
        for (n, v) in headers { request.headers.add(name: n, value: v) }

        counters.withLock { $0.logical += 1 }
        let started = Date()
        var waited = 0.0
        var attempt = 0
        var entry = RequestLogEntry(
            method: method, url: url, headers: [("Authorization", "Bearer ***")] + headers,
            body: body.map { apiKey.redact(String(decoding: $0, as: UTF8.self)) }, status: nil, duration: 0,
            requestID: nil, attempts: 0, failure: nil)
        defer {
            entry.duration = Date().timeIntervalSince(started)
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
                let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
                let hs = response.headers.map { (name: $0.name, value: $0.value) }
                outcome = .success(WireResponse(status: Int(response.status.code), headers: hs,
                                                body: Array(buffer.readableBytesView),
                                                requestID: response.headers.first(name: "X-Request-Id")))
            } catch {
                outcome = .failure(error)
            }
            let elapsed = Int(Date().timeIntervalSince(started) * 1000)

            switch outcome {
            case .success(let response):
                entry.status = response.status
                entry.requestID = response.requestID
                logger.debug("\(method) \(url) -> \(response.status) (\(elapsed) ms, attempt \(attempt))",
                             metadata: ["authorization": "Bearer ***", "request_id": "\(response.requestID ?? "-")"])
                if RetryPolicy.isRetryable(status: response.status), attempt <= retryPolicy.retries {
                    let retryAfter = response.header("Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
                    let delay = retryPolicy.delay(beforeRetry: attempt, retryAfter: retryAfter)
                    if waited + delay <= retryPolicy.totalWaitCap {
                        try await pause(delay, reason: "HTTP \(response.status)", method: method, url: url, attempt: attempt)
                        waited += delay
                        continue
                    }
                }
                return response
            case .failure(let error):
                let (mapped, retryable) = TransportErrors.classify(error, host: host)
                if mapped == .cancelled || Task.isCancelled {
                    entry.failure = "cancelled"
                    throw CiviClientError.cancelled
                }
                logger.debug("\(method) \(url) failed (\(elapsed) ms, attempt \(attempt)): \(mapped.report.message)",
                             metadata: ["authorization": "Bearer ***"])
                if retryable, attempt <= retryPolicy.retries {
                    let delay = retryPolicy.delay(beforeRetry: attempt, retryAfter: nil)
                    if waited + delay <= retryPolicy.totalWaitCap {
                        try await pause(delay, reason: mapped.report.message, method: method, url: url, attempt: attempt)
                        waited += delay
                        continue
                    }
                }
                entry.failure = mapped.report.message
                throw mapped
            }
        }
    }

    /// Waits before a retry, telling a human on a terminal why.
    private func pause(_ seconds: Double, reason: String, method: String, url: String, attempt: Int) async throws {
        let text = "civi: \(reason) on \(method) \(url); retrying in \(String(format: "%.1f", seconds)) s "
            + "(retry \(attempt) of \(retryPolicy.retries))"
        logger.debug("\(text)")
        if noticesOnTerminal { FileHandle.standardError.write(Data((text + "\n").utf8)) }
        do {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        } catch {
            throw CiviClientError.cancelled
        }
    }
}
