import CiviCore

extension Builtins {
    /// Dates and durations. Durations are plain numbers of seconds, so `date + days(1)` shifts a
    /// date by 86,400 seconds and `date - date` gives seconds (a float).
    static let timeBuiltins: [Builtin] = [
        Builtin("now", arity: 0...0) { _, _ in .date(Instant.now()) },
        Builtin("date", arity: 1) { a, _ throws(LibraryError) in
            switch a[0] {
            case .date: return a[0]
            case .string(let s):
                guard let d = Instant(iso8601: s.trimmingWhitespace()) else {
                    throw a.error("\(ValueFormat.quote(s)) is not an ISO-8601 date",
                                  hint: "write 2024-05-01, 2024-05-01T09:30:00Z or 2024-05-01T09:30:00+02:00 (\(Instant.supportedYears))")
                }
                return .date(d)
            case .int(let i): return .date(try checkedDate(Double(i), ValueFormat.repr(a[0]), a))
            case .float(let d) where d.isFinite: return .date(try checkedDate(d, ValueFormat.repr(a[0]), a))
            default: throw a.mismatch("an ISO-8601 string, a date or seconds since 1970", at: 0)
            }
        },
        Builtin("format_date", arity: 2) { a, _ throws(LibraryError) in try formatDate(a) },
        Builtin("parse_date", arity: 2) { a, _ throws(LibraryError) in try parseDate(a) },
        Builtin("date_trunc", arity: 2) { a, _ throws(LibraryError) in try truncateDate(a) },
        duration("days", 86_400),
        duration("hours", 3_600),
        duration("minutes", 60),
        duration("seconds", 1),
    ]

    private static func formatDate(_ a: Arguments) throws(LibraryError) -> Value {
        guard case .date(let d) = a[0] else { throw a.mismatch("a date", at: 0) }
        let format = try a.string(1, "a format string like \"%Y-%m-%d\"")
        do throws(DateFormatError) {
            return .string(try DateFormat.format(d, format))
        } catch {
            throw a.error(error.message, hint: error.hint)
        }
    }

    private static func parseDate(_ a: Arguments) throws(LibraryError) -> Value {
        let text = try a.string(0, "a string")
        let format = try a.string(1, "a format string like \"%Y-%m-%d\"")
        do throws(DateFormatError) {
            return .date(try DateParser.parse(text, format: format))
        } catch {
            throw a.error(error.message, hint: error.hint)
        }
    }

    private static func truncateDate(_ a: Arguments) throws(LibraryError) -> Value {
        guard case .date(let d) = a[0] else { throw a.mismatch("a date", at: 0) }
        let unit = try a.string(1, "a unit string (\(truncationUnits.joined(separator: ", ")))")
        guard let start = truncated(d, to: unit) else {
            let guess = nearest(to: unit, among: truncationUnits, within: 2).map { "; did you mean \(ValueFormat.quote($0))?" } ?? ""
            throw a.error("unknown unit \(ValueFormat.quote(unit))\(guess)", hint: "units: \(truncationUnits.joined(separator: ", "))")
        }
        return .date(start)
    }

    /// The units `date_trunc` takes, smallest first.
    static let truncationUnits = ["minute", "hour", "day", "week", "month", "year"]

    /// The start of the `unit` that contains `d` (weeks start on Monday), or nil for an unknown unit.
    static func truncated(_ d: Instant, to unit: String) -> Instant? {
        var c = d.civil
        c.fraction = 0
        c.second = 0
        switch unit {
        case "minute": break
        case "hour": c.minute = 0
        case "day", "week", "month", "year":
            c.minute = 0
            c.hour = 0
            if unit == "month" || unit == "year" { c.day = 1 }
            if unit == "year" { c.month = 1 }
        default: return nil
        }
        guard var start = Instant(civil: c) else { return nil }
        // Monday 0001-01-01 is the earliest date, so stepping back to a Monday stays in range.
        if unit == "week" { start.seconds -= Double((c.weekday - 1) * 86_400) }
        return start
    }

    private static func checkedDate(_ seconds: Double, _ shown: String, _ a: Arguments) throws(LibraryError) -> Instant {
        guard let d = Instant.checked(seconds) else {
            throw a.error("\(shown) seconds since 1970 is outside the supported dates (\(Instant.supportedYears))")
        }
        return d
    }

    private static func duration(_ name: String, _ unit: Int) -> Builtin {
        Builtin(name, arity: 1) { a, _ throws(LibraryError) in
            switch a[0] {
            case .int(let n):
                let (secs, overflow) = n.multipliedReportingOverflow(by: unit)
                guard !overflow else { throw a.error("\(n) \(name) is too long a duration") }
                return .int(secs)
            case .float(let d) where d.isFinite: return .float(d * Double(unit))
            default: throw a.mismatch("a number", at: 0)
            }
        }
    }
}

extension Builtin {
    /// Makes a built-in taking exactly `count` arguments.
    init(_ name: String, arity count: Int,
         _ body: @escaping @Sendable (Arguments, LibraryContext) throws(LibraryError) -> Value) {
        self.init(name, arity: count...count, body)
    }
}
