/// A point in time (seconds since 1970-01-01T00:00:00Z), the payload of the language's dates.
public struct Instant: Sendable, Hashable, Comparable {
    /// Seconds since the Unix epoch, with fractions.
    public var seconds: Double

    /// Makes an instant from seconds since the Unix epoch.
    public init(seconds: Double) { self.seconds = seconds }

    /// Orders instants chronologically.
    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    /// The seconds of the dates the language works with: 0001-01-01T00:00:00Z up to (not including)
    /// 10000-01-01T00:00:00Z, so every date has a four-digit year and integer arithmetic on it cannot overflow.
    public static let supportedSeconds: Range<Double> = -62_135_596_800 ..< 253_402_300_800

    /// How the supported range reads in an error message.
    public static let supportedYears = "years 0001 to 9999"

    /// The instant `seconds` after the epoch, or nil when that is not finite or outside `supportedSeconds`.
    public static func checked(_ seconds: Double) -> Instant? {
        supportedSeconds.contains(seconds) ? Instant(seconds: seconds) : nil
    }
}

extension Instant {
    /// Parses ISO-8601: `YYYY-MM-DD`, or that with `THH:MM[:SS[.fff]]` and optionally `Z` or `±HH:MM`
    /// (no zone means UTC).
    public init?(iso8601 text: String) {
        var copy = text
        guard let parsed = copy.withUTF8({ Instant.parse($0) }) else { return nil }
        self = parsed
    }

    /// Parses ISO-8601 from UTF-8 bytes (see `init?(iso8601:)`); an instant outside
    /// `supportedSeconds` (year 0000, or 9999-12-31 pushed past the year's end by its offset) is rejected.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Instant? {
        guard let instant = parseAnyYear(b), supportedSeconds.contains(instant.seconds) else { return nil }
        return instant
    }

    private static func parseAnyYear(_ b: UnsafeBufferPointer<UInt8>) -> Instant? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for _ in 0..<count {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
                i += 1
            }
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        var secs = Double(daysFromCivil(year, month, day) * 86_400)
        if i == n { return Instant(seconds: secs) }
        guard b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil } // T, t or space
        i += 1
        guard let hour = digits(2), expect(58), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0.0
        if expect(58) {
            guard let s = digits(2), s < 61 else { return nil }
            second = Double(s)
            if i < n, b[i] == 46 || b[i] == 44 {
                i += 1
                var scale = 0.1
                var any = false
                while i < n, b[i] >= 48, b[i] <= 57 {
                    second += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        secs += Double(hour * 3600 + minute * 60) + second
        if i == n { return Instant(seconds: secs) } // no zone: UTC, as the API's own timestamps are
        if b[i] == 90 || b[i] == 122 { // Z
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1.0 : 1.0
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = expect(58)
            guard let om = digits(2), oh < 24, om < 60 else { return nil }
            secs -= sign * Double(oh * 3600 + om * 60)
        } else {
            return nil
        }
        return i == n ? Instant(seconds: secs) : nil
    }

    /// ISO-8601 UTC with `Z`; milliseconds only when the instant has a fraction.
    public var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendISO8601(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `iso8601` as UTF-8 bytes (the JSON writer and the sandbox use this directly).
    /// An instant outside `supportedSeconds` (the language never makes one) is written clamped to
    /// that range rather than trapping on the conversion to Int.
    public func appendISO8601(into out: inout [UInt8]) {
        let range = Instant.supportedSeconds
        let seconds = self.seconds.isNaN ? 0 : Swift.min(Swift.max(self.seconds, range.lowerBound), range.upperBound - 0.001)
        let whole = seconds.rounded(.down)
        var millis = Int(((seconds - whole) * 1000).rounded())
        var total = Int(whole)
        if millis == 1000 { total += 1; millis = 0 }
        var days = total / 86_400
        var rem = total % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = Instant.civilFromDays(days)
        Instant.digits(y, 4, &out); out.append(45); Instant.digits(m, 2, &out); out.append(45); Instant.digits(d, 2, &out)
        out.append(84)
        Instant.digits(rem / 3600, 2, &out); out.append(58); Instant.digits(rem % 3600 / 60, 2, &out); out.append(58)
        Instant.digits(rem % 60, 2, &out)
        if millis != 0 { out.append(46); Instant.digits(millis, 3, &out) }
        out.append(90)
    }

    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var v = value
        if v < 0 { out.append(45); v = -v }
        var div = 1
        for _ in 1..<width { div *= 10 }
        while div * 10 <= v { div *= 10 }
        while div > 0 {
            out.append(UInt8(48 + (v / div) % 10))
            div /= 10
        }
    }

    /// The current time.
    public static func now() -> Instant {
        Instant(seconds: SystemClock.wallSeconds())
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
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


#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
