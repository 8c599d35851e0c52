import CiviTestSupport
import Foundation
import Testing

/// The journal keeps no secret, is private to its owner, never stops a run it cannot serve,
/// and stays off when asked.
@Suite(.serialized) struct JournalSafetyTests {
    @Test func theJournalHoldsNoAPIKeyAndIsPrivate() async throws {
        let f = try await JournalFixture.start(advocates: 10)
        defer { Task { await f.stop() } }
        let out = try f.civi(["-e", "advocates() | take 3 | each update(it, {city: \"Elko\"})"])
        #expect(out.status == 0, "\(out.all)")
        let key = try #require(f.sandbox.keyEnvironment["CIVICLICK_API_KEY"])
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let d = FileManager.default.contents(atPath: f.journalPath + suffix) { bytes += d }
        }
        #expect(bytes.count > 0)
        #expect(bytes.range(of: Data(key.utf8)) == nil, "the journal holds the API key")
        let mode = try FileManager.default.attributesOfItem(atPath: f.journalPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let log = try f.civi(["log"])
        #expect(!log.all.contains(key))
    }

    @Test func aDamagedJournalGivesOneWarningAndTheRunStillWorks() async throws {
        let f = try await JournalFixture.start(advocates: 10)
        defer { Task { await f.stop() } }
        try FileManager.default.createDirectory(atPath: f.home + "/state/civi", withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 10_000).write(to: URL(fileURLWithPath: f.journalPath))
        let out = try f.civi(["-e", "advocates() | take 3 | parallel 3 update(it, {city: \"Elko\"}) | count"])
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout == "3\n", "\(out.all)")
        let warnings = out.stderr.components(separatedBy: "warning:").count - 1
        #expect(warnings == 1, "\(out.stderr)")
        #expect(out.stderr.contains(f.journalPath) && out.stderr.contains("without a journal"), "\(out.stderr)")
        let check = try f.civi(["-e", "advocates() | where .city == \"Elko\" | count"])
        #expect(check.stdout == "3\n", "\(check.all)")
        let log = try f.civi(["log"])
        #expect(log.status == 1 && log.stderr.contains(f.journalPath), "\(log.all)")
    }

    /// Another program holds the journal locked (an existing WAL journal, or a fresh file in
    /// rollback mode): one clear warning, the writes still happen, exit 0, and the busy wait is
    /// bounded (a couple of seconds, not a hang).
    @Test(arguments: [true, false]) func aLockedJournalGivesOneWarningAndTheRunStillWorks(existing: Bool) async throws {
        let f = try await JournalFixture.start(advocates: 20)
        defer { Task { await f.stop() } }
        if existing {
            let first = try f.civi(["-e", "advocates() | take 1 | each update(it, {city: \"Reno\"})"])
            #expect(first.status == 0, "\(first.all)")
        } else {
            try FileManager.default.createDirectory(atPath: f.home + "/state/civi", withIntermediateDirectories: true)
        }
        let lock = try JournalLock(path: f.journalPath)
        let bulk = try f.script("bulk.civi", "print(advocates() | take 20 | parallel 16 update(it, {city: \"Elko\"}) | count)\n")
        let started = Date()
        let out = try f.civi(["run", bulk], timeout: 30)
        let elapsed = Date().timeIntervalSince(started)
        lock.release()
        #expect(out.status == 0 && out.stdout == "20\n", "\(out.all)")
        #expect(elapsed < 8, "the run waited \(elapsed) s for the locked journal")
        let warnings = out.stderr.components(separatedBy: "warning:").count - 1
        #expect(warnings == 1, "\(out.stderr)")
        #expect(out.stderr.contains(f.journalPath) && out.stderr.contains("locked") && out.stderr.contains("without a journal"),
                "\(out.stderr)")
        let check = try f.civi(["-e", "advocates() | where .city == \"Elko\" | count"])
        #expect(check.stdout == "20\n", "\(check.all)")
        #expect(try f.runs().count == (existing ? 1 : 0), "the locked run left no journal rows")
    }

    /// The journal locked by another program in the middle of a bulk run (16 writes at once):
    /// one warning, the run finishes every write without the journal, and the writes queued for
    /// the journal when it went off do not each wait out the busy timeout in turn.
    @Test func aJournalLockedMidRunIsLeftAfterOneBoundedWait() async throws {
        let f = try await JournalFixture.start(advocates: 600, latencyMs: 50)
        defer { Task { await f.stop() } }
        let bulk = try f.script("bulk.civi", "print(advocates() | parallel 16 update(it, {city: \"Elko\"}) | count)\n")
        let child = try f.start(["run", bulk])
        try f.waitForWrites(40)
        let lock = try JournalLock(path: f.journalPath)
        let locked = Date()
        let out = try child.finish(timeout: 60)
        let elapsed = Date().timeIntervalSince(locked)
        lock.release()
        #expect(out.status == 0 && out.stdout == "600\n", "\(out.all)")
        #expect(elapsed < 8, "the run took \(elapsed) s after the journal was locked")
        let warnings = out.stderr.components(separatedBy: "warning:").count - 1
        #expect(warnings == 1 && out.stderr.contains("locked"), "\(out.stderr)")
        let check = try f.civi(["-e", "advocates() | where .city == \"Elko\" | count"])
        #expect(check.stdout == "600\n", "\(check.all)")
    }

    @Test func noJournalFlagAndConfigKeepWritesOutOfTheJournal() async throws {
        let f = try await JournalFixture.start(advocates: 10)
        defer { Task { await f.stop() } }
        let flagged = try f.civi(["--no-journal", "-e", "advocates() | take 1 | each update(it, {city: \"Elko\"})"])
        #expect(flagged.status == 0, "\(flagged.all)")
        #expect(!FileManager.default.fileExists(atPath: f.journalPath))
        try FileManager.default.createDirectory(atPath: f.home + "/config/civi", withIntermediateDirectories: true)
        try "journal = false\n".write(toFile: f.home + "/config/civi/config.toml", atomically: true, encoding: .utf8)
        let configured = try f.civi(["-e", "advocates() | take 1 | each update(it, {city: \"Ely\"})"])
        #expect(configured.status == 0, "\(configured.all)")
        #expect(!FileManager.default.fileExists(atPath: f.journalPath))
        try FileManager.default.removeItem(atPath: f.home + "/config/civi/config.toml")
        let journaled = try f.civi(["-e", "advocates() | take 1 | each update(it, {city: \"Elko\"})"])
        #expect(journaled.status == 0, "\(journaled.all)")
        #expect(try f.runs().count == 1)
    }
}
