import CiviClient
import CiviCore
import CiviLang
import Foundation
import Synchronization
import Testing
@testable import CiviShell

/// An in-memory API: advocates by id, every call logged (`GET adv_1`, `PATCH adv_1`, `POST`, ...).
final class MemoryHost: APIHost, Sendable {
    private let state = Mutex<(records: [String: Record], calls: [String], made: Int)>(([:], [], 0))

    init(_ records: [Record]) {
        state.withLock { s in for r in records { s.records[r["id"]!.stringValue!] = r } }
    }

    var calls: [String] { state.withLock { $0.calls } }
    func record(_ id: String) -> Record? { state.withLock { $0.records[id] } }
    var resources: ResourceTable { .civiClick }
    var isDryRun: Bool { false }

    func openList(_ query: ListQuery) throws -> any PageCursor { throw CiviClientError.cancelled }
    func count(_ query: ListQuery) throws -> Int { state.withLock { $0.records.count } }

    func fetch(_ resource: ResourceSpec, id: String) throws -> Value {
        try state.withLock { s in
            s.calls.append("GET \(id)")
            guard let r = s.records[id] else {
                throw CiviClientError.http(status: 404, code: "not_found", message: "no \(id)", fields: nil, requestID: nil)
            }
            return .record(r)
        }
    }

    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        state.withLock { s in
            s.made += 1
            let id = "adv_real\(s.made)"
            s.calls.append("POST \(id)")
            let r = Record([("id", .string(id))], resource: resource.name).merging(body)
            s.records[id] = r
            return .record(r)
        }
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        try state.withLock { s in
            s.calls.append("PATCH \(id)")
            guard let r = s.records[id] else {
                throw CiviClientError.http(status: 404, code: "not_found", message: "no \(id)", fields: nil, requestID: nil)
            }
            s.records[id] = r.merging(changes)
            return .record(s.records[id]!)
        }
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        state.withLock { s in
            s.calls.append("DELETE \(id)")
            s.records[id] = nil
        }
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        state.withLock { s in
            s.calls.append("\(method) \(path) \(body.flatMap { try? JSONWriter.string($0) } ?? "")")
            return .null
        }
    }
}

/// `PlanningHost` and `PlanApplier` over an in-memory API: what a planned write returns, which
/// before-image it keeps, how planned ids are carried to the real ones.
@Suite struct PlanningHostTests {
    static let advocates = ResourceTable.civiClick.spec(named: "advocates")!

    func seeded() -> MemoryHost {
        MemoryHost([
            Record([("id", .string("adv_1")), ("email", .string("a@x.org")), ("tags", .list([.string("old")])), ("city", .string("Reno"))],
                   resource: "advocates"),
            Record([("id", .string("adv_2")), ("email", .string("b@x.org")), ("tags", .list([])), ("city", .string("Elko"))],
                   resource: "advocates"),
        ])
    }

    @Test func anUpdateReturnsTheMergedRecordAndKeepsTheTouchedFieldsBefore() throws {
        let inner = seeded()
        let host = PlanningHost(inner: inner)
        host.start(source: "test")
        // The script saw only the id: the record is read for the before-image.
        let merged = try host.update(Self.advocates, id: "adv_1", changes: Record([("tags", .list([.string("new")]))]),
                                     seen: Record([("id", .string("adv_1"))]))
        #expect(merged.recordValue?["email"] == .string("a@x.org"))
        #expect(merged.recordValue?["tags"] == .list([.string("new")]))
        // A second update of the same record starts from the first one's result, without a read.
        _ = try host.update(Self.advocates, id: "adv_1", changes: Record([("tags", .list([.string("newer")])), ("city", .string("Ely"))]),
                            seen: nil)
        #expect(inner.calls == ["GET adv_1"], "\(inner.calls)")
        let writes = host.plannedWrites()
        try #require(writes.count == 2)
        #expect(writes[0].before == Record([("id", .string("adv_1")), ("tags", .list([.string("old")]))]))
        #expect(writes[1].before == Record([("id", .string("adv_1")), ("tags", .list([.string("new")])), ("city", .string("Reno"))]))
        #expect(inner.record("adv_1")?["tags"] == .list([.string("old")]), "planning sent a write")
        // A seen record that shows the changed field is its own before-image: no read.
        _ = try host.update(Self.advocates, id: "adv_2", changes: Record([("city", .string("Ely"))]), seen: inner.record("adv_2"))
        #expect(inner.calls == ["GET adv_1"], "\(inner.calls)")
    }

    @Test func plannedIdsAreUsableInThePlanAndMappedToRealIdsAtApply() throws {
        let inner = seeded()
        let host = PlanningHost(inner: inner)
        host.start(source: "test")
        let made = try host.create(Self.advocates, body: Record([("email", .string("new@x.org"))]), idempotencyKey: nil)
        let planned = try #require(made.recordValue?["id"]?.stringValue)
        #expect(planned == "adv_planned_0001")
        _ = try host.update(Self.advocates, id: planned, changes: Record([("city", .string("Ely"))]), seen: nil)
        #expect(try host.fetch(Self.advocates, id: planned).recordValue?["city"] == .string("Ely"))
        _ = try host.raw(method: "post", path: "/notes", query: [], body: .record(Record([("advocate", .string(planned))])),
                         idempotencyKey: nil)
        let gone = try host.create(Self.advocates, body: Record([("email", .string("gone@x.org"))]), idempotencyKey: nil)
        try host.delete(Self.advocates, id: gone.recordValue!["id"]!.stringValue!, seen: nil)
        #expect(throws: CiviClientError.self) { try host.fetch(Self.advocates, id: "adv_planned_0002") }
        _ = try host.raw(method: "GET", path: "/ping", query: [], body: nil, idempotencyKey: nil)
        #expect(inner.calls == ["GET /ping "], "only the GET reaches the API: \(inner.calls)")
        let writes = host.plannedWrites()
        #expect(writes.map(\.kind) == [.create, .raw])
        #expect(writes.map(\.seq) == [1, 2])
        #expect(writes[0].changes?["city"] == .string("Ely"), "the update is folded into the create")

        host.stop()
        let plan = Plan(id: "p", created: Instant(seconds: 0), source: "test", target: "t", writes: writes)
        let decoded = try PlanFile.decode(try PlanFile.encode(plan), name: "p.json")
        let result = PlanApplier(plan: decoded, host: inner, progress: ApplyProgress(), shouldStop: { false }).run()
        #expect(result.created == 1 && result.sent == 1 && result.conflicts.isEmpty, "\(result)")
        #expect(inner.calls.suffix(2) == ["POST adv_real1", "POST /notes {\"advocate\":\"adv_real1\"}"], "\(inner.calls)")
    }

    @Test func stoppedPlanningSendsAgain() throws {
        let inner = seeded()
        let host = PlanningHost(inner: inner)
        host.start(source: "test")
        try host.delete(Self.advocates, id: "adv_2", seen: nil)
        #expect(host.stop() == 1)
        try host.delete(Self.advocates, id: "adv_2", seen: nil)
        #expect(inner.calls == ["GET adv_2", "DELETE adv_2"])
    }

    @Test func progressIgnoresALineCutShortAndRefusesAnotherPlansFile() throws {
        let dir = try ScratchDirectory.make()
        let path = dir + "/p.progress"
        try "civi-apply-progress 1 plan-a\nintent 1\ndone 1 created adv_9\nintent 2\ndone 2 upd".write(toFile: path, atomically: true, encoding: .utf8)
        let progress = try ApplyProgress(path: path, planID: "plan-a")
        #expect(progress.finished[1]?.createdID == "adv_9")
        #expect(progress.finished[2] == nil, "a cut-short line counted")
        #expect(progress.started == [1, 2])
        #expect(throws: ApplyProgress.Failure.self) { try ApplyProgress(path: path, planID: "plan-b") }
    }
}

/// A scratch directory for files a unit test writes.
enum ScratchDirectory {
    static func make() throws -> String {
        let dir = NSTemporaryDirectory() + "civi-plan-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
