import CiviTestSupport
import Foundation
import Testing

/// The README's inactive-advocates example on a fresh embedded sandbox: seeded actions end when the
/// sandbox is made, so "no action in 180 days" picks some advocates — not all of them, as it did
/// when seed dates ended on a fixed day in the past.
@Suite struct SeedRecencyTests {
    @Test func recentMeansRecentOnAFreshEmbeddedSandbox() throws {
        let home = try CiviProcess.temporaryHome()
        let script = Repository.examples + "/tag_inactive_advocates.civi"
        let r = try CiviProcess.run(["--sandbox", "--dry-run", "run", script, "180"],
                                    environment: CiviProcess.environment(home: home))
        #expect(r.status == 0, "\(r.stderr.suffix(400))")
        let patches = r.stderr.split(separator: "\n").filter { $0.hasPrefix("dry-run: PATCH /advocates/") }.count
        let recent = try CiviProcess.run(["--sandbox", "-e", "len(actions(created_after: now() - days(90)) | take 5 | collect)"],
                                         environment: CiviProcess.environment(home: home))
        #expect(recent.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5", "actions of the last 90 days exist: \(recent.all)")
        #expect(patches > 0 && patches < 5_000, "some advocates are inactive, not all 5,000: \(patches) tagged")
        #expect(r.stdout.contains("tagged \(patches),"), "\(r.stdout)")
    }

    @Test func serveRejectsAnAnchorThatIsNotADate() throws {
        let r = try CiviProcess.run(["serve", "--port", "0", "--anchor", "last tuesday"],
                                    environment: CiviProcess.environment(home: try CiviProcess.temporaryHome()))
        #expect(r.status != 0)
        #expect(r.stderr.contains("--anchor must be an ISO-8601 date-time") && r.stderr.contains("last tuesday"), "\(r.stderr)")
    }
}
