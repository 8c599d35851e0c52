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
        duration("days", 86_400),
        duration("hours", 3_600),
        duration("minutes", 60),
        duration("seconds", 1),
    ]

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
