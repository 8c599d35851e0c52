/// An instant's calendar fields in UTC (the language has no other zone).
public struct CivilTime: Sendable, Equatable {
    /// The year, 1 to 9999 for the supported dates.
    public var year: Int
    /// 1 (January) to 12.
    public var month: Int
    /// 1 to 31.
    public var day: Int
    /// 0 to 23.
    public var hour: Int
    /// 0 to 59.
    public var minute: Int
    /// Whole seconds, 0 to 59.
    public var second: Int
    /// The fraction of a second left over, 0 ..< 1.
    public var fraction: Double

    /// Makes civil fields (the caller keeps them in range; `Instant(civil:)` checks).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, fraction: Double = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fraction = fraction
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        let days = Instant.daysFromCivil(year, month, day)
        // 1970-01-01 was a Thursday (4).
        let r = (days + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// 1 (January 1st) to 366.
    public var dayOfYear: Int { Instant.daysFromCivil(year, month, day) - Instant.daysFromCivil(year, 1, 1) + 1 }

    /// Days in this date's month.
    public var daysInMonth: Int { Instant.daysInMonth(year, month) }
}

extension Instant {
    /// The UTC calendar fields of this instant.
    public var civil: CivilTime {
        // The language never makes an instant outside the supported range; clamp rather than trap.
        let range = Instant.supportedSeconds
        let clamped = seconds.isNaN ? 0 : Swift.min(Swift.max(seconds, range.lowerBound), range.upperBound - 1)
        let whole = clamped.rounded(.down)
        let total = Int(whole)
        var days = total / 86_400
        var rem = total % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = Instant.civilFromDays(days)
        return CivilTime(year: y, month: m, day: d, hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60,
                         fraction: clamped - whole)
    }

    /// The instant of UTC calendar fields, or nil when a field is out of range (month 13, February
    /// 30th, hour 24) or the date is outside `supportedSeconds`.
    public init?(civil c: CivilTime) {
        guard (1...9999).contains(c.year), (1...12).contains(c.month), c.day >= 1, c.day <= Instant.daysInMonth(c.year, c.month),
              (0..<24).contains(c.hour), (0..<60).contains(c.minute), (0..<61).contains(c.second),
              c.fraction >= 0, c.fraction < 1 else { return nil }
        let days = Instant.daysFromCivil(c.year, c.month, c.day)
        let secs = Double(days * 86_400 + c.hour * 3600 + c.minute * 60 + c.second) + c.fraction
        guard let checked = Instant.checked(secs) else { return nil }
        self = checked
    }
}
