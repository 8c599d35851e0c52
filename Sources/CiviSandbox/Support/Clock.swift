#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Timestamps as integer milliseconds since the Unix epoch (what the database stores).
enum Millis {
    /// The current time in milliseconds.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// A monotonic reading in nanoseconds, for measuring request durations.
    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Appends `ms` as ISO-8601 UTC with `Z` (milliseconds only when not whole seconds).
    static func appendISO(_ ms: Int64, into out: inout [UInt8]) {
        var secs = ms / 1000
        var frac = Int(ms % 1000)
        if frac < 0 { frac += 1000; secs -= 1 }
        var days = Int(secs / 86_400)
        var rem = Int(secs % 86_400)
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        digits(y, 4, &out); out.append(45); digits(m, 2, &out); out.append(45); digits(d, 2, &out)
        out.append(84)
        digits(rem / 3600, 2, &out); out.append(58); digits(rem % 3600 / 60, 2, &out); out.append(58)
        digits(rem % 60, 2, &out)
        if frac != 0 { out.append(46); digits(frac, 3, &out) }
        out.append(90)
    }

    /// `ms` as an ISO-8601 string.
    static func iso(_ ms: Int64) -> String {
        var out: [UInt8] = []
        appendISO(ms, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var div = 1
        for _ in 1..<width { div *= 10 }
        while div > 0 {
            out.append(UInt8(48 + (value / div) % 10))
            div /= 10
        }
    }

    /// The civil date of a day count since 1970-01-01 (H. Hinnant's algorithm).
    private static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
