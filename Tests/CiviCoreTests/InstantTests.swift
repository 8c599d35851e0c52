import CiviCore
import Testing

@Suite struct InstantTests {
    @Test func parsesAndFormats() throws {
        let d = try #require(Instant(iso8601: "2026-11-28T15:04:05Z"))
        #expect(d.iso8601 == "2026-11-28T15:04:05Z")
        #expect(Instant(iso8601: "1970-01-01T00:00:00Z")?.seconds == 0)
        #expect(Instant(iso8601: "2026-11-28T16:04:05+01:00") == d)
        #expect(Instant(iso8601: "2026-11-28T15:04:05.250Z")?.iso8601 == "2026-11-28T15:04:05.250Z")
        #expect(Instant(iso8601: "2024-02-29")?.iso8601 == "2024-02-29T00:00:00Z")
        #expect(Instant(iso8601: "1969-12-31T23:59:59Z")?.seconds == -1)
        #expect(Instant(iso8601: "2026-11-28T15:04:05") == d, "no zone means UTC")
    }

    @Test func supportedRangeIsYearsOneToNineThousandNineHundredNinetyNine() throws {
        let first = try #require(Instant(iso8601: "0001-01-01T00:00:00Z"))
        let last = try #require(Instant(iso8601: "9999-12-31T23:59:59.999Z"))
        #expect(Instant.supportedSeconds.lowerBound == first.seconds)
        #expect(Instant.checked(last.seconds) == last)
        #expect(Instant.checked(first.seconds - 1) == nil)
        #expect(Instant.checked(Instant.supportedSeconds.upperBound) == nil)
        for bad in [1e300, -1e300, .infinity, -.infinity, .nan, 9.3e18] { #expect(Instant.checked(bad) == nil) }
        #expect(Instant(iso8601: "0000-06-01") == nil, "year 0000 is outside the range")
        #expect(Instant(iso8601: "9999-12-31T23:00:00-05:00") == nil, "an offset cannot push past 9999")
        #expect(Instant(iso8601: "0001-01-01T00:30:00+01:00") == nil, "nor before 0001")
    }

    @Test func formattingAnyDoubleNeverTraps() {
        // The language never makes these; formatting them clamps instead of trapping on Int(...).
        #expect(Instant(seconds: 1e300).iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(Instant(seconds: -1e300).iso8601 == "0001-01-01T00:00:00Z")
        #expect(Instant(seconds: .infinity).iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(Instant(seconds: .nan).iso8601 == "1970-01-01T00:00:00Z")
    }

    @Test(arguments: ["", "2026", "2026-13-01", "2023-02-29", "2026-11-28T25:00:00Z", "2026-11-28T10:00:00Zjunk"])
    func rejectsNonsense(text: String) {
        #expect(Instant(iso8601: text) == nil)
    }
}
