import CiviCore
import CiviJournal
import Foundation
import Testing

/// The journal store on its own: file mode, what a run and its writes read back as, the counts
/// `civi log` shows, and a damaged file refused with a message that names it.
struct JournalStoreTests {
    private func temporaryPath() throws -> String {
        let dir = NSTemporaryDirectory() + "civi-journal-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/state/civi/journal.sqlite"
    }

    @Test func theFileIsPrivateAndWritesReadBackWithTheirOutcomes() throws {
        let path = try temporaryPath()
        let store = try JournalStore.open(path: path)
        let run = try store.beginRun(what: "bulk.civi", profile: "default", host: "api.example.org")
        #expect(run.id.hasPrefix("r_") && run.id.count == 10)
        let before = Value.record(Record([("id", .string("adv_1")), ("city", .string("Reno"))], resource: "advocates"))
        let body = Value.record(Record([("city", .string("Elko"))]))
        let first = try run.recordIntent(WriteIntent(method: "PATCH", path: "/advocates/adv_1", resource: "advocates",
                                                     recordID: "adv_1", body: body, idempotencyKey: nil, before: before))
        let second = try run.recordIntent(WriteIntent(method: "POST", path: "/advocates", resource: "advocates",
                                                      recordID: nil, body: body, idempotencyKey: "k1", before: nil))
        let third = try run.recordIntent(WriteIntent(method: "DELETE", path: "/advocates/adv_2", resource: "advocates",
                                                     recordID: "adv_2", body: nil, idempotencyKey: nil, before: nil))
        #expect([first, second, third] == [1, 2, 3] as [Int])
        try run.recordOutcome(seq: 1, WriteOutcome(state: .sentOK, status: 200, requestID: "req_1", after: before))
        try run.recordOutcome(seq: 2, WriteOutcome(state: .failed, status: 422, error: "email is required"))
        // Write 3 keeps its intent only, as after a crash while it was in flight.
        try run.finish(.interrupted)

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let writes = try store.writes(of: run.id)
        #expect(writes.map(\.seq) == [1, 2, 3])
        let readBack: Value = try #require(writes[0].intent.before)
        #expect(readBack == before)
        #expect(writes[0].outcome.requestID == "req_1")
        #expect(writes[1].outcome.state == .failed && writes[1].outcome.error == "email is required")
        #expect(writes[2].effectiveState(runEnded: true) == .unknown)
        let summary = try #require(try store.recentRuns().first)
        #expect(summary.info.id == run.id && summary.info.status == .interrupted && summary.info.host == "api.example.org")
        #expect([summary.updated, summary.created, summary.failed, summary.unknown, summary.writes] == [1, 0, 1, 1, 3] as [Int])
        #expect(try store.run(String(run.id.prefix(6)))?.id == run.id)
        #expect(try store.run("r_nosuchrun") == nil)
    }

    @Test func aDamagedJournalIsRefusedWithAMessageNamingIt() throws {
        let path = try temporaryPath()
        Directories.makeParents(of: path)
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try JournalStore.open(path: path)
            Issue.record("a damaged journal opened")
        } catch {
            #expect(error.description.contains(path), "\(error)")
        }
    }
}
