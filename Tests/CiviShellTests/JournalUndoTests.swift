import CiviTestSupport
import Foundation
import Testing

/// Bulk writes journaled and undone against a real sandbox, through real `civi` processes.
@Suite(.serialized) struct JournalUndoTests {
    /// The bulk script: 2,000 advocates updated (a plain field, a list and a merged object
    /// field), then undone: every advocate is as before; the undo undone again gives the state after the run.
    @Test func bulkUpdateOf2000IsUndoneAndTheUndoCanBeUndone() async throws {
        let f = try await JournalFixture.start(advocates: 2_000)
        defer { Task { await f.stop() } }
        let before = try f.dump()
        let bulk = try f.script("bulk.civi", """
            n = advocates() | parallel 16 update(it, {city: "Elko", tags: ["bulk"], custom_fields: {batch: 7}}) | count
            print(n)
            """)
        let run = try f.civi(["run", bulk])
        #expect(run.status == 0 && run.stdout == "2000\n", "\(run.all)")
        let after = try f.dump()
        #expect(after != before)
        let runs = try f.runs()
        let id = try #require(runs.first?["run"] as? String)
        #expect(runs.first?["what"] as? String == bulk)
        #expect(runs.first?["updated"] as? Int == 2_000 && runs.first?["unknown"] as? Int == 0)

        let undo = try f.civi(["undo", id])
        #expect(undo.status == 0, "\(undo.all)")
        #expect(undo.stdout.contains("reverted 2000 updates"), "\(undo.all)")
        #expect(try f.dump() == before)

        let undoRun = try #require(try f.runs().first?["run"] as? String)
        #expect(undoRun != id)
        let redo = try f.civi(["undo", undoRun])
        #expect(redo.status == 0, "\(redo.all)")
        #expect(try f.dump() == after)
    }

    /// `--dry-run` says what undo would do and sends nothing; a field changed since the run is a
    /// conflict left alone (exit 1), and `--force` reverts it.
    @Test func dryRunSendsNothingAndConflictsAreLeftAloneUnlessForced() async throws {
        let f = try await JournalFixture.start(advocates: 20)
        defer { Task { await f.stop() } }
        let before = try f.dump()
        let run = try f.civi(["-e", "advocates() | take 3 | each update(it, {city: \"Elko\"})"])
        #expect(run.status == 0, "\(run.all)")
        let id = try #require(try f.runs().first?["run"] as? String)
        let changedLater = try f.civi(["-e", "a = advocates() | where .city == \"Elko\" | first; update(a, {city: \"Ely\"}).id"])
        #expect(changedLater.status == 0, "\(changedLater.all)")

        let dry = try f.civi(["undo", id, "--dry-run"])
        #expect(dry.stdout.contains("would revert 2 updates") && dry.stdout.contains("1 conflict"), "\(dry.all)")
        #expect(dry.stdout.contains("city is now \"Ely\", not \"Elko\""), "\(dry.all)")
        #expect(try f.runs().count == 2, "a dry run journals nothing")

        let undo = try f.civi(["undo", id])
        #expect(undo.status == 1, "\(undo.all)")
        #expect(undo.stdout.contains("conflict"), "\(undo.all)")
        #expect(try f.dump() != before)
        let forced = try f.civi(["undo", id, "--force"])
        #expect(forced.status == 0, "\(forced.all)")
        #expect(try f.dump() == before)
    }

    /// Deleted records come back from their before-image (new ids, reported); created ones go.
    @Test func undoDeletesWhatTheRunCreatedAndRecreatesWhatItDeleted() async throws {
        let f = try await JournalFixture.start(advocates: 10)
        defer { Task { await f.stop() } }
        let run = try f.civi(["-e", """
            gone = advocates() | take 2 | collect
            gone | each delete(it)
            made = create_advocate({email: "new@example.org", first_name: "New"})
            print(made.id)
            """])
        #expect(run.status == 0, "\(run.all)")
        let id = try #require(try f.runs().first?["run"] as? String)
        let undo = try f.civi(["undo", id])
        #expect(undo.status == 0, "\(undo.all)")
        #expect(undo.stdout.contains("deleted 1 created, re-created 2 deleted"), "\(undo.all)")
        #expect(undo.stdout.contains("its actions cannot be re-attached"), "\(undo.all)")
        let check = try f.civi(["-e", "print(advocates() | count, advocates(email: \"new@example.org\") | count)"])
        #expect(check.stdout == "10 0\n", "\(check.all)")
    }

    /// `kill -9` in the middle of a bulk update on a slow API: the journal shows every write that
    /// reached the server (at most the 8 in flight with an unknown outcome), and undo — reading
    /// the records to settle the unknown ones — restores every advocate.
    @Test func killDashNineMidRunLeavesAJournalUndoCanRestoreFrom() async throws {
        let f = try await JournalFixture.start(advocates: 400, latencyMs: 50)
        defer { Task { await f.stop() } }
        let before = try f.dump()
        let bulk = try f.script("bulk.civi", "advocates() | parallel 8 update(it, {city: \"Elko\"}) | count\n")
        let child = try f.start(["run", bulk])
        try f.waitForWrites(60)
        child.signal(SIGKILL)
        _ = try child.finish()

        let run = try #require(try f.runs().first)
        #expect(run["status"] as? String == "ended abruptly", "\(run)")
        let id = try #require(run["run"] as? String)
        let writes = try f.writes(of: id)
        let states = writes.map { $0["state"] as? String ?? "?" }
        let unknown = states.filter { $0 == "unknown" }.count
        #expect(unknown <= 8, "\(states)")
        #expect(states.allSatisfy { $0 == "sent-ok" || $0 == "unknown" }, "\(states)")
        let changed = try Self.changedIDs(from: before, to: f.dump())
        let journaled = Set(writes.compactMap { $0["record_id"] as? String })
        let confirmed = Set(writes.filter { $0["state"] as? String == "sent-ok" }.compactMap { $0["record_id"] as? String })
        #expect(changed.isSubset(of: journaled), "a write reached the server without a journal row")
        #expect(confirmed.isSubset(of: changed))

        let undo = try f.civi(["undo", id])
        #expect(undo.status == 0, "\(undo.all)")
        #expect(try f.dump() == before)
    }

    /// The ids of the records that differ between two dumps (same records, same order).
    static func changedIDs(from a: NSArray, to b: NSArray) -> Set<String> {
        var ids: Set<String> = []
        for (x, y) in zip(a, b) where !(x as? NSDictionary == y as? NSDictionary) {
            if let id = (x as? [String: Any])?["id"] as? String { ids.insert(id) }
        }
        return ids
    }
}
