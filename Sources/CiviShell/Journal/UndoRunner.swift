import CiviCore
import CiviJournal
import CiviLang
import Foundation
import Synchronization

/// What undo did, or would do, with one journaled write.
struct UndoResult: Sendable {
    /// How it ended.
    enum Kind: Sendable { case reverted, deleted, recreated, conflict, notApplied, alreadyUndone, nothing, notUndoable, failed, stopped }
    /// The write's sequence number in its run.
    var seq: Int
    var kind: Kind
    /// One line for humans (empty for `nothing`).
    var line: String
}

/// Applies undo steps against the API: each record is re-read first (conflict-safe: a field that
/// no longer holds what the run wrote is left alone unless `force`), and records are undone
/// concurrently, each one's writes newest first.
struct UndoRunner {
    let host: any APIHost
    let dryRun: Bool
    let force: Bool
    /// True once the user interrupted: no new step starts.
    let stopRequested: @Sendable () -> Bool
    var workers = 16

    /// Runs every step; results newest write first.
    func run(_ steps: [(JournalWrite, UndoStep)]) -> [UndoResult] {
        // Writes to one record stay in order (newest first); different records go in parallel.
        var groups: [[(JournalWrite, UndoStep)]] = []
        var groupOf: [String: Int] = [:]
        for item in steps {
            let key = Self.recordKey(item.1) ?? "#\(item.0.seq)"
            if let g = groupOf[key] { groups[g].append(item) } else {
                groupOf[key] = groups.count
                groups.append([item])
            }
        }
        let next = Mutex(0)
        let results = Mutex<[UndoResult]>([])
        let group = DispatchGroup()
        let shared = groups
        for _ in 0..<max(1, min(workers, groups.count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                while true {
                    let index = next.withLock { n -> Int in
                        defer { n += 1 }
                        return n
                    }
                    guard index < shared.count else { return }
                    let done = shared[index].map { write, step in
                        stopRequested() ? UndoResult(seq: write.seq, kind: .stopped, line: "not undone: interrupted")
                            : perform(step, seq: write.seq)
                    }
                    results.withLock { $0 += done }
                }
            }
        }
        group.wait()
        return results.withLock { $0 }.sorted { $0.seq > $1.seq }
    }

    private static func recordKey(_ step: UndoStep) -> String? {
        switch step {
        case .revertFields(let r, let id, _, _, _), .deleteCreated(let r, let id, _): "\(r)/\(id)"
        case .recreate(let r, let id, _, _): "\(r)/\(id)"
        default: nil
        }
    }

    private func perform(_ step: UndoStep, seq: Int) -> UndoResult {
        func result(_ kind: UndoResult.Kind, _ line: String) -> UndoResult { UndoResult(seq: seq, kind: kind, line: line) }
        do {
            switch step {
            case .nothing: return result(.nothing, "")
            case .notUndoable(let why): return result(.notUndoable, "#\(seq): not undoable: \(why)")
            case let .revertFields(resource, id, before, wrote, reconciling):
                return try revert(seq: seq, spec(resource), id, before: before, wrote: wrote, reconciling: reconciling)
            case let .deleteCreated(resource, id, created):
                return try deleteCreated(seq: seq, spec(resource), id, created: created)
            case let .deleteUnknownCreate(resource, body, key):
                let spec = try spec(resource)
                if dryRun { return result(.deleted, "#\(seq): would resend its create (outcome unknown) with its Idempotency-Key and delete the record it returns") }
                let made = try host.create(spec, body: body, idempotencyKey: key)
                guard let record = made.recordValue, case .string(let id)? = record["id"] else {
                    return result(.failed, "#\(seq): the resent create returned no id; nothing deleted")
                }
                try host.delete(spec, id: id, seen: record)
                return result(.deleted, "#\(seq): deleted \(id) (its create's outcome was unknown; resent with its Idempotency-Key)")
            case let .recreate(resource, oldID, body, reconciling):
                let spec = try spec(resource)
                if try read(spec, oldID) != nil {
                    return reconciling ? result(.notApplied, "#\(seq): \(oldID) still exists (its delete never landed)")
                        : result(.alreadyUndone, "#\(seq): \(oldID) exists again; not re-created")
                }
                if dryRun { return result(.recreated, "#\(seq): would re-create \(oldID) from its before-image (with a new id)") }
                let made = try host.create(spec, body: body, idempotencyKey: nil)
                let newID = made.recordValue?["id"]?.stringValue ?? "?"
                return result(.recreated, "#\(seq): re-created \(oldID) as \(newID) (a new id; its actions cannot be re-attached)")
            }
        } catch {
            guard let report = (error as? any ReportableError)?.report else { return result(.failed, "#\(seq): failed: \(error)") }
            // The request id lets the API's operators find the refused request in their logs.
            return result(.failed, "#\(seq): failed: \(report.message)" + (report.requestID.map { " (request \($0))" } ?? ""))
        }
    }

    private func revert(seq: Int, _ spec: ResourceSpec, _ id: String, before: Record, wrote: Record,
                        reconciling: Bool) throws -> UndoResult {
        func result(_ kind: UndoResult.Kind, _ line: String) -> UndoResult { UndoResult(seq: seq, kind: kind, line: line) }
        guard let current = try read(spec, id) else {
            return result(.conflict, "#\(seq): conflict: \(id) no longer exists; nothing reverted")
        }
        var changes = Record()
        var conflicts: [String] = []
        var shown: [String] = []
        for (key, written) in wrote.pairs {
            let now = current[key] ?? .null
            let was = before[key] ?? .null
            if now == was && now != written { continue }
            if now != written && !force {
                if !reconciling { conflicts.append("\(key) is now \(ValueFormat.repr(now)), not \(ValueFormat.repr(written))") }
                continue
            }
            let restored = Self.restoring(was, over: now)
            changes.set(key, restored)
            shown.append("\(key) \(Self.short(now)) → \(Self.short(was))")
        }
        let conflictNote = conflicts.isEmpty ? "" : "; conflict (left as is; --force reverts it): " + conflicts.joined(separator: ", ")
        if changes.count == 0 {
            if !conflicts.isEmpty { return result(.conflict, "#\(seq): \(id): conflict (left as is; --force reverts it): " + conflicts.joined(separator: ", ")) }
            return reconciling ? result(.notApplied, "#\(seq): \(id): its update never landed (outcome was unknown)")
                : result(.alreadyUndone, "#\(seq): \(id): already as before")
        }
        let verb = dryRun ? "would revert" : "reverted"
        if !dryRun { _ = try host.update(spec, id: id, changes: changes, seen: current) }
        return result(conflicts.isEmpty ? .reverted : .conflict, "#\(seq): \(verb) \(id): " + shown.joined(separator: ", ") + conflictNote)
    }

    private func deleteCreated(seq: Int, _ spec: ResourceSpec, _ id: String, created: Record) throws -> UndoResult {
        func result(_ kind: UndoResult.Kind, _ line: String) -> UndoResult { UndoResult(seq: seq, kind: kind, line: line) }
        guard let current = try read(spec, id) else { return result(.alreadyUndone, "#\(seq): \(id) is already gone") }
        let changed = spec.writableFields.filter { key in created[key] != nil && current[key] != created[key] }
        if !changed.isEmpty && !force {
            return result(.conflict, "#\(seq): conflict: \(id) was changed since it was created (\(changed.joined(separator: ", "))); "
                + "not deleted (--force deletes it)")
        }
        if dryRun { return result(.deleted, "#\(seq): would delete \(id) (created by the run)") }
        try host.delete(spec, id: id, seen: current)
        return result(.deleted, "#\(seq): deleted \(id) (created by the run)")
    }

    /// The record as the API has it now, or nil when it is gone (404).
    private func read(_ spec: ResourceSpec, _ id: String) throws -> Record? {
        do { return try host.fetch(spec, id: id).recordValue } catch let e as any ReportableError where e.report.status == 404 {
            return nil
        }
    }

    private func spec(_ name: String) throws -> ResourceSpec {
        guard let s = host.resources.spec(named: name) else { throw UndoError("unknown resource \(name)") }
        return s
    }

    /// The value that puts `was` back: an object field is merged key by key by the API, so keys
    /// the run added are sent as null to remove them.
    static func restoring(_ was: Value, over now: Value) -> Value {
        guard case .record(var old) = was, case .record(let current) = now else { return was }
        for key in current.keys where old[key] == nil { old.set(key, .null) }
        return .record(old)
    }

    static func short(_ v: Value) -> String {
        let s = ValueFormat.repr(v)
        return s.count > 40 ? String(s.prefix(39)) + "…" : s
    }
}

/// An undo that cannot start (unknown run, another API); the message says what to do.
struct UndoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
