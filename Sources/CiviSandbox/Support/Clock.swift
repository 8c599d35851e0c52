import CiviCore

/// Timestamps as integer milliseconds since the Unix epoch (what the database stores).
enum Millis {
    /// The current time in milliseconds.
    static func now() -> Int64 { SystemClock.wallNanos() / 1_000_000 }

    /// Appends `ms` as ISO-8601 UTC with `Z` (milliseconds only when not whole seconds).
    static func appendISO(_ ms: Int64, into out: inout [UInt8]) {
        Instant(seconds: Double(ms) / 1000).appendISO8601(into: &out)
    }

    /// `ms` as an ISO-8601 string.
    static func iso(_ ms: Int64) -> String {
        var out: [UInt8] = []
        appendISO(ms, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
