import Foundation

/// When and how long to wait before trying a request again.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt (so up to `retries + 1` attempts).
    public var retries: Int
    /// The first backoff, in seconds; each retry doubles it (with jitter).
    public var baseDelay: Double
    /// The longest single backoff, in seconds.
    public var maxDelay: Double
    /// The most time spent waiting across all retries of one request, in seconds.
    public var totalWaitCap: Double

    /// A policy; defaults: 5 retries, 0.25 s doubling up to 8 s, at most 60 s of waiting in all.
    public init(retries: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 8, totalWaitCap: Double = 60) {
        self.retries = max(0, retries)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.totalWaitCap = max(0, totalWaitCap)
    }

    /// Statuses worth retrying: rate limiting and gateway/availability trouble.
    static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 502 || status == 503 || status == 504
    }

    /// The wait before retry number `retry` (1-based): the server's `Retry-After` if given,
    /// else exponential backoff with "equal jitter" (half fixed, half random) so clients spread out.
    func delay(beforeRetry retry: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return max(0, retryAfter) }
        let exp = min(maxDelay, baseDelay * pow(2, Double(retry - 1)))
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
