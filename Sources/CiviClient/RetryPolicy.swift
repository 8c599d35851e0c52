import Foundation

/// When and how long to wait before trying a request again.
///
/// A busy API (429, 503) is retried until a time budget runs out, because the API documents
/// that traffic spikes usually pass within five minutes; other failures (connection trouble,
/// timeouts, 502, 504) are retried a few times only. `retries`, when set, caps both.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt, whatever went wrong; nil leaves busy answers to the
    /// budget and other failures to `defaultFaultRetries`.
    public var retries: Int?
    /// The first backoff, in seconds; each retry doubles it (with jitter).
    public var baseDelay: Double
    /// The longest single backoff, in seconds.
    public var maxDelay: Double
    /// Seconds from the first attempt after which no retry is started.
    public var budget: Double

    /// Retries of failures other than a busy API when `retries` is not set.
    public static let defaultFaultRetries = 5
    /// The default budget: five minutes, the API's documented length of a traffic spike.
    public static let defaultBudget = 300.0

    /// A policy; defaults: no count cap for busy answers, 0.25 s doubling up to 30 s, 5 minutes in all.
    public init(retries: Int? = nil, baseDelay: Double = 0.25, maxDelay: Double = 30,
                budget: Double = RetryPolicy.defaultBudget) {
        self.retries = retries.map { max(0, $0) }
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.budget = max(0, budget)
    }

    /// Statuses worth retrying: rate limiting and gateway/availability trouble.
    static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 502 || status == 503 || status == 504
    }

    /// Statuses that mean "busy, come back later" rather than a fault.
    static func isBusy(status: Int) -> Bool { status == 429 || status == 503 }

    /// The wait before retry number `retry` (1-based), or nil to give up: over the count cap,
    /// out of budget, or asked by `Retry-After` to wait past the budget.
    func wait(beforeRetry retry: Int, busy: Bool, retryAfter: Double?, elapsed: Double) -> Double? {
        let cap = retries ?? (busy ? Int.max : Self.defaultFaultRetries)
        let remaining = budget - elapsed
        guard retry <= cap, remaining > 0 else { return nil }
        if let retryAfter {
            let wait = max(0, retryAfter)
            return wait <= remaining ? wait : nil
        }
        return min(delay(beforeRetry: retry), remaining)
    }

    /// Exponential backoff with "equal jitter" (half fixed, half random) so clients spread out.
    func delay(beforeRetry retry: Int) -> Double {
        let exp = min(maxDelay, baseDelay * pow(2, Double(min(retry, 60) - 1)))
        return exp / 2 + Double.random(in: 0...(exp / 2))
    }

    /// Parses `Retry-After`: whole seconds, or an HTTP date (seconds from `now` until it).
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let v = value.trimmingWhitespace()
        if let seconds = Double(v), seconds >= 0, seconds.isFinite { return seconds }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: v) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}
