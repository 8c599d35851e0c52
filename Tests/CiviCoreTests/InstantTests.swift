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

    @Test(arguments: ["", "2026", "2026-13-01", "2023-02-29", "2026-11-28T25:00:00Z", "2026-11-28T10:00:00Zjunk"])
    func rejectsNonsense(text: String) {
        #expect(Instant(iso8601: text) == nil)
    }
}
