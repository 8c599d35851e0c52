import CiviCore
import Testing
@testable import CiviLang

@Suite("Dates and durations")
struct LibraryBuiltinTimeTests {
    @Test func dateParsesISO8601() throws {
        #expect(try call("date", "2026-11-01T00:00:00Z") == .date(Instant(seconds: 1_793_491_200)))
        #expect(try call("date", "1970-01-02") == .date(Instant(seconds: 86_400)))
        #expect(try call("date", "1970-01-01T02:00:00+02:00") == .date(Instant(seconds: 0)))
        #expect(try call("date", 60) == .date(Instant(seconds: 60)))
        let d = Value.date(Instant(seconds: 5))
        #expect(try call("date", d) == d)
    }

    @Test func dateRejectsOtherTextClearly() {
        let e = failure("date", "next tuesday")
        #expect(e?.message == "date: \"next tuesday\" is not an ISO-8601 date")
        #expect(e?.hint?.contains("2024-05-01T09:30:00Z") == true)
        #expect(failure("date", "2024-02-30")?.message == "date: \"2024-02-30\" is not an ISO-8601 date")
        #expect(failure("date", [1])?.message == "date: expected an ISO-8601 string, a date or seconds since 1970, got list")
    }

    @Test func durationsAreSeconds() throws {
        #expect(try call("days", 1) == 86_400)
        #expect(try call("hours", 2) == 7_200)
        #expect(try call("minutes", 1.5) == 90.0)
        #expect(try call("seconds", 9) == 9)
        #expect(failure("days", .int(Int.max))?.message == "days: \(Int.max) days is too long a duration")
        #expect(failure("hours", "2")?.message == "hours: expected a number, got string")
    }

    @Test func nowIsCurrent() throws {
        guard case .date(let d) = try call("now") else {
            Issue.record("now() is not a date")
            return
        }
        let after2020 = try #require(Instant(iso8601: "2020-01-01"))
        #expect(d > after2020)
        #expect(failure("now", 1)?.message == "now: expected 0 arguments, got 1")
    }
}
