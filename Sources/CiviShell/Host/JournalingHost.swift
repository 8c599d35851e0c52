import CiviClient
import CiviCore
import CiviJournal
import CiviLang
import Foundation

/// Wraps the host that sends requests and records every write in the journal: its intent
/// (with the record's before-image and, for a POST, its Idempotency-Key) is committed before the
/// request is sent, its outcome after. Reads pass through untouched. Safe from many threads
/// (`parallel`): each intent and outcome is one short transaction of the journal, and each
/// outcome's status and request id come back with the call that sent that write.
final class JournalingHost: APIHost, Sendable {
    let inner: any AnsweringHost
    let journal: SessionJournal
    private let gate: WriteGate

    init(inner: any AnsweringHost, journal: SessionJournal, gate: WriteGate) {
        self.inner = inner
        self.journal = journal
        self.gate = gate
    }

    var resources: ResourceTable { inner.resources }
    var isDryRun: Bool { inner.isDryRun }

    func openList(_ query: ListQuery) throws -> any PageCursor { try inner.openList(query) }
    func count(_ query: ListQuery) throws -> Int { try inner.count(query) }
    func fetch(_ resource: ResourceSpec, id: String) throws -> Value { try inner.fetch(resource, id: id) }

    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        guard let run = journalRun() else { return try inner.create(resource, body: body, idempotencyKey: idempotencyKey) }
        let key = idempotencyKey ?? UUID().uuidString.lowercased()
        let intent = WriteIntent(method: "POST", path: resource.listPath, resource: resource.name, recordID: nil,
                                 body: .record(body), idempotencyKey: key, before: nil)
        return try journaled(run, intent) { try inner.createAnswered(resource, body: body, idempotencyKey: key) }
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        guard let run = journalRun() else { return try inner.update(resource, id: id, changes: changes, seen: seen) }
        let before = try beforeImage(resource, id: id, seen: seen, needs: changes.keys)
        let intent = WriteIntent(method: "PATCH", path: resource.path(forID: id), resource: resource.name, recordID: id,
                                 body: .record(changes), idempotencyKey: nil, before: before)
        return try journaled(run, intent) { try inner.updateAnswered(resource, id: id, changes: changes, seen: seen) }
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        guard let run = journalRun() else { return try inner.delete(resource, id: id, seen: seen) }
        // Re-creating a deleted record needs every field it had, not just those the script read.
        let before = try beforeImage(resource, id: id, seen: seen, needs: resource.writableFields)
        let intent = WriteIntent(method: "DELETE", path: resource.path(forID: id), resource: resource.name, recordID: id,
                                 body: nil, idempotencyKey: nil, before: before)
        _ = try journaled(run, intent) { try inner.deleteAnswered(resource, id: id, seen: seen) }
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        let verb = method.uppercased()
        guard verb != "GET", verb != "HEAD", let run = journalRun() else {
            return try inner.raw(method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey)
        }
        let key = verb == "POST" ? idempotencyKey ?? UUID().uuidString.lowercased() : idempotencyKey
        let intent = WriteIntent(method: verb, path: path, resource: resources.resource(forPath: path)?.name,
                                 recordID: nil, body: body, idempotencyKey: key, before: nil)
        return try journaled(run, intent) {
            try inner.rawAnswered(method: method, path: path, query: query, body: body, idempotencyKey: key)
        }
    }

    /// The run to record in, or nil (journal off, or dry-run: nothing is sent, so nothing to record).
    private func journalRun() -> JournalRun? {
        inner.isDryRun ? nil : journal.run()
    }

    /// `seen` when it holds every field in `needs` it could hold, else the record as the API has it now.
    private func beforeImage(_ resource: ResourceSpec, id: String, seen: Record?, needs: [String]) throws -> Value? {
        try gate.check()
        if let seen, needs.allSatisfy({ seen[$0] != nil }) { return .record(seen) }
        do {
            return try inner.fetch(resource, id: id)
        } catch let error as CiviClientError where error != .cancelled {
            // The write itself will say what is wrong (a 404, say); the journal keeps no before-image.
            return nil
        }
    }

    /// Records the intent, sends, records the outcome with the answer's status and request id
    /// (an error thrown is recorded and rethrown).
    private func journaled(_ run: JournalRun, _ intent: WriteIntent, _ send: () throws -> WriteAnswer) throws -> Value {
        try gate.check()
        let seq: Int
        do { seq = try run.recordIntent(intent) } catch {
            journal.fail(error)
            return try send().value
        }
        let outcome: WriteOutcome
        let result: Result<Value, any Error>
        do {
            let answer = try send()
            result = .success(answer.value)
            outcome = WriteOutcome(state: .sentOK, status: answer.status, requestID: answer.requestID,
                                   after: intent.method == "DELETE" ? nil : answer.value)
        } catch {
            result = .failure(error)
            outcome = Self.outcome(of: error)
        }
        do { try run.recordOutcome(seq: seq, outcome) } catch { journal.fail(error) }
        return try result.get()
    }

    /// How an error ends a write: refused by the API (4xx, nothing changed), or unknown
    /// (no answer, a server fault, cancelled while in flight: it may have been applied).
    static func outcome(of error: any Error) -> WriteOutcome {
        if error is WritesStopped { return WriteOutcome(state: .failed, error: "not sent: interrupted") }
        guard let e = error as? CiviClientError else { return WriteOutcome(state: .unknown, error: "\(error)") }
        let r = e.report
        switch e {
        case .http(let status, _, _, _, _) where status < 500:
            return WriteOutcome(state: .failed, status: status, requestID: r.requestID, error: r.message)
        case .authentication(let status, _, _, _):
            return WriteOutcome(state: .failed, status: status, requestID: r.requestID, error: r.message)
        case .configuration:
            return WriteOutcome(state: .failed, error: r.message)
        default:
            return WriteOutcome(state: .unknown, status: r.status, requestID: r.requestID, error: r.message)
        }
    }
}
