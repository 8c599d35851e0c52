import CiviTestSupport
import Foundation
import Testing

/// SIGINT and SIGTERM during `civi run`: no new write starts, those in flight finish, and civi
/// says how many writes were sent and how to see and undo them, exiting 130 / 143.
@Suite(.serialized) struct JournalInterruptTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsNewWritesLetsThoseInFlightFinishAndSaysHowToUndo(signal: Int32) async throws {
        let f = try await JournalFixture.start(advocates: 300, latencyMs: 50)
        defer { Task { await f.stop() } }
        let before = try f.dump()
        let bulk = try f.script("bulk.civi", "advocates() | parallel 4 update(it, {city: \"Elko\"}) | count\n")
        let child = try f.start(["run", bulk])
        try f.waitForWrites(20)
        child.signal(signal)
        let out = try child.finish(timeout: 10)
        #expect(out.status == 128 + signal, "\(out.all)")
        let run = try #require(try f.runs().first)
        let id = try #require(run["run"] as? String)
        #expect(run["status"] as? String == "interrupted")
        let writes = try f.writes(of: id)
        #expect(out.stderr.contains("interrupted after \(writes.count) writes (run \(id)); civi log \(id) shows them; civi undo \(id) reverts them"),
                "\(out.all)")
        #expect(!out.stderr.contains("error"), "\(out.all)")
        // Every write that started was allowed to finish: none is left with an unknown outcome.
        #expect(writes.allSatisfy { $0["state"] as? String == "sent-ok" }, "\(writes.map { $0["state"] ?? "?" })")
        #expect(JournalUndoTests.changedIDs(from: before, to: try f.dump()).count == writes.count)
        #expect(writes.count < 300)
    }

    /// A second Ctrl-C does not wait for the writes in flight: civi stops at once.
    @Test func aSecondInterruptAbortsAtOnce() async throws {
        let f = try await JournalFixture.start(advocates: 20, latencyMs: 2_500)
        defer { Task { await f.stop() } }
        let child = try f.start(["-e", "advocates() | take 4 | parallel 4 update(it, {city: \"Elko\"}) | count"])
        try f.waitForWrites(1, timeout: 15)
        child.signal(SIGINT)
        usleep(200_000)
        let started = Date()
        child.signal(SIGINT)
        let out = try child.finish(timeout: 10)
        #expect(Date().timeIntervalSince(started) < 2, "\(out.all)")
        #expect(out.status == 130, "\(out.all)")
        #expect(out.stderr.contains("aborted after"), "\(out.all)")
        #expect(out.stderr.contains("outcome unknown"), "\(out.all)")
    }
}
