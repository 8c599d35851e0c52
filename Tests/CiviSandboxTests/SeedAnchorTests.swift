import CiviCore
import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// Seeded dates end at the sandbox's anchor (by default the moment it was seeded), so "recent"
/// filters find recent data on any day; a seed and an anchor always give the same data.
@Suite("seed dates are anchored at the sandbox's creation")
struct SeedAnchorTests {
    private static let options = SandboxOptions(seed: 5, campaigns: 6, advocates: 80, actions: 600)

    private static func seconds(_ iso: String?) -> Double? { iso.flatMap { Instant(iso8601: $0)?.seconds } }

    @Test func sameSeedAndAnchorGiveTheSameDataAndAnotherAnchorShiftsOnlyTheDates() async throws {
        let day: Int64 = 86_400_000
        var first = Self.options, second = Self.options, later = Self.options
        first.anchorMs = TestSandbox.fixedAnchorMs
        second.anchorMs = TestSandbox.fixedAnchorMs
        later.anchorMs = TestSandbox.fixedAnchorMs + 300 * day
        let a = try await TestSandbox.start(first), b = try await TestSandbox.start(second), c = try await TestSandbox.start(later)
        defer { Task { await a.stop(); await b.stop(); await c.stop() } }
        for path in ["/advocates?per_page=100", "/actions?per_page=100", "/campaigns?per_page=100"] {
            let one = try await a.all(path), two = try await b.all(path), shifted = try await c.all(path)
            #expect(one == two, "\(path): same seed and anchor, same records")
            #expect(one.count == shifted.count && !one.isEmpty)
            for (old, new) in zip(one, shifted) {
                #expect(str(old, "id") == str(new, "id"), "only dates move with the anchor")
                for field in ["created_at", "updated_at"] where old[field] != nil {
                    let moved = (Self.seconds(str(new, field)) ?? 0) - (Self.seconds(str(old, field)) ?? 0)
                    #expect(moved == 300 * 86_400, "\(path) \(field) moves by exactly the anchor's shift")
                }
            }
        }
    }

    @Test func theDefaultAnchorIsNowSoTheNewestActionsAreRecent() async throws {
        var options = Self.options
        options.anchorMs = nil
        let server = try await SandboxServer.start(options)
        defer { Task { await server.stop() } }
        let now = Date().timeIntervalSince1970
        let anchor = try #require(Self.seconds(server.anchor))
        #expect(abs(anchor - now) < 60, "anchored at the moment of seeding: \(server.anchor)")
        let newest = try await TestSandbox(server: server).get("/actions?sort=-created_at&per_page=1")
        let created = try #require(Self.seconds(newest.items.first.flatMap { str($0, "created_at") }))
        #expect(created <= anchor && created > anchor - 30 * 86_400, "the newest seeded action is within a month of now")
    }

    @Test func aSeededFileKeepsTheAnchorItWasSeededWith() async throws {
        let path = NSTemporaryDirectory() + "civi-anchor-\(unique()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var seeding = Self.options
        seeding.dbPath = path
        seeding.anchorMs = TestSandbox.fixedAnchorMs
        let first = try await SandboxServer.start(seeding)
        #expect(first.anchor == "2026-01-01T00:00:00Z")
        await first.stop()
        seeding.anchorMs = TestSandbox.fixedAnchorMs + 86_400_000
        let reopened = try await SandboxServer.start(seeding)
        defer { Task { await reopened.stop() } }
        #expect(reopened.anchor == "2026-01-01T00:00:00Z", "an existing file keeps its data and the anchor stored with it")
    }
}
