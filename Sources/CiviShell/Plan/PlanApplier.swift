import CiviCore
import CiviLang

/// Sends a plan's writes, in order, exactly once, through the host stack that sends (so a journal
/// records them). Before each update or delete it re-reads the record: the fields the plan touches
/// must still hold what the plan saw, else the write is skipped as a conflict. Plan-local ids are
/// replaced by the real ids of the records their creates made. Progress goes to `ApplyProgress`
/// before and after each write, so an interrupted apply can be continued.
struct PlanApplier {
    let plan: Plan
    let host: any APIHost
    let progress: ApplyProgress
    /// Asked before each write: true stops the apply (an interrupt); the write in flight finishes first.
    let shouldStop: () -> Bool

    /// What an apply did.
    struct Result {
        var created = 0, updated = 0, deleted = 0, sent = 0
        /// Writes finished by an earlier apply of the same plan.
        var earlier = 0
        var conflicts: [String] = []
        var skipped: [String] = []
        var failed: [String] = []
        /// Writes not started because of an interrupt or an unknown outcome.
        var notStarted = 0
        var interrupted = false
        /// Why the apply stopped early with a write's outcome unknown (a transport failure).
        var stoppedBy: String?

        /// `created 3, updated 812, deleted 0, conflicts 1, skipped 0, failed 0`.
        var counts: String {
            var s = "created \(created), updated \(updated), deleted \(deleted)"
            if sent > 0 { s += ", raw requests \(sent)" }
            s += ", conflicts \(conflicts.count), skipped \(skipped.count), failed \(failed.count)"
            if earlier > 0 { s += " (\(earlier) done by an earlier apply)" }
            return s
        }
    }

    /// Applies every write not finished yet.
    func run() -> Result {
        var result = Result()
        let resources = host.resources
        var realIDs: [String: String] = [:]
        let plannedIDs = Set(plan.writes.filter { $0.kind == .create }.compactMap(\.id))
        for (n, w) in plan.writes.enumerated() {
            if let entry = progress.finished[w.seq] {
                result.earlier += 1
                if let planned = w.id, let real = entry.createdID { realIDs[planned] = real }
                continue
            }
            if shouldStop() {
                result.interrupted = true
                result.notStarted = plan.writes.count - n
                break
            }
            do {
                if let note = try apply(w, resources: resources, plannedIDs: plannedIDs, realIDs: &realIDs, into: &result) {
                    result.skipped.append("write \(w.seq) (\(w.method) \(w.path)): \(note)")
                    try progress.done(w.seq, .skipped)
                }
            } catch let failure as ApplyProgress.Failure {
                result.stoppedBy = failure.description
                result.notStarted = plan.writes.count - n
                break
            } catch {
                let report = (error as? any ReportableError)?.report
                if let status = report?.status, status < 500, status != 429 {
                    // The API refused this write; sending it again would be refused again.
                    result.failed.append("write \(w.seq) (\(w.method) \(w.path)): \(report?.message ?? "\(error)") (HTTP \(status))")
                    try? progress.done(w.seq, .failed)
                    continue
                }
                result.stoppedBy = "write \(w.seq) (\(w.method) \(w.path)): \(report?.message ?? "\(error)")"
                result.notStarted = plan.writes.count - n
                break
            }
        }
        return result
    }

    /// Sends one write; returns why it was skipped, or nil once it is done (or a conflict).
    private func apply(_ planned: PlannedWrite, resources: ResourceTable, plannedIDs: Set<String>,
                       realIDs: inout [String: String], into result: inout Result) throws -> String? {
        var w = planned
        var missing: String?
        let known = realIDs
        let map: (String) -> String = { s in
            guard plannedIDs.contains(s) else { return s }
            if let real = known[s] { return real }
            missing = s
            return s
        }
        if w.kind != .create { w.id = w.id.map(map) }
        w.body = w.body.map { Self.replacingStrings(in: $0, map) }
        w.path = Self.replacingSegments(of: w.path, map)
        if let missing { return "it refers to \(missing), which this apply did not create" }
        if w.kind == .raw {
            try progress.intent(w.seq)
            _ = try host.raw(method: w.method, path: w.path, query: w.query, body: w.body, idempotencyKey: w.idempotencyKey)
            try progress.done(w.seq, .sent)
            result.sent += 1
            return nil
        }
        guard let spec = resources.spec(named: w.resource) else { return "the API has no resource \(w.resource)" }
        switch w.kind {
        case .create:
            try progress.intent(w.seq)
            let made = try host.create(spec, body: w.changes ?? Record(), idempotencyKey: w.idempotencyKey)
            let realID = made.recordValue?["id"]?.stringValue
            if let planned = w.id, let realID { realIDs[planned] = realID }
            try progress.done(w.seq, .created, createdID: realID)
            result.created += 1
        case .update:
            let id = w.id ?? ""
            guard let current = try reread(spec, id) else {
                return try conflict(w, "the record no longer exists", into: &result)
            }
            let changes = w.changes ?? Record()
            let touched = changes.keys.filter { $0 != "id" }
            if touched.allSatisfy({ (current[$0] ?? .null) == (w.before?[$0] ?? .null) }) {
                try progress.intent(w.seq)
                _ = try host.update(spec, id: id, changes: changes, seen: current)
            } else if !touched.allSatisfy({ (current[$0] ?? .null) == (changes[$0] ?? .null) }) {
                // (Fields already holding the planned values: an earlier, interrupted apply sent it.)
                let changed = touched.filter { (current[$0] ?? .null) != (w.before?[$0] ?? .null) }.map {
                    "\($0) was \(ValueFormat.repr(w.before?[$0] ?? .null)), now \(ValueFormat.repr(current[$0] ?? .null))"
                }
                return try conflict(w, changed.joined(separator: "; "), into: &result)
            }
            try progress.done(w.seq, .updated)
            result.updated += 1
        case .delete:
            let id = w.id ?? ""
            if let current = try reread(spec, id) {
                let checked = (w.before?.keys ?? []).filter { spec.writableFields.contains($0) }
                let changed = checked.filter { (current[$0] ?? .null) != (w.before?[$0] ?? .null) }
                if !changed.isEmpty {
                    let what = changed.map { "\($0) was \(ValueFormat.repr(w.before?[$0] ?? .null)), now \(ValueFormat.repr(current[$0] ?? .null))" }
                    return try conflict(w, what.joined(separator: "; "), into: &result)
                }
                try progress.intent(w.seq)
                try host.delete(spec, id: id, seen: current)
            }
            try progress.done(w.seq, .deleted)
            result.deleted += 1
        case .raw:
            break
        }
        return nil
    }

    private func conflict(_ w: PlannedWrite, _ why: String, into result: inout Result) throws -> String? {
        result.conflicts.append("\(w.method) \(w.path): \(why)")
        try progress.done(w.seq, .conflict)
        return nil
    }

    /// The record as the API has it now; nil when it is gone (404).
    private func reread(_ spec: ResourceSpec, _ id: String) throws -> Record? {
        do {
            return try host.fetch(spec, id: id).recordValue
        } catch {
            if (error as? any ReportableError)?.report.status == 404 { return nil }
            throw error
        }
    }

    /// `value` with every string `map` changes replaced, at any depth.
    static func replacingStrings(in value: Value, _ map: (String) -> String) -> Value {
        switch value {
        case .string(let s): return .string(map(s))
        case .list(let items): return .list(items.map { replacingStrings(in: $0, map) })
        case .record(let r):
            return .record(Record(r.pairs.map { ($0.0, replacingStrings(in: $0.1, map)) }, resource: r.resource))
        default: return value
        }
    }

    /// `path` with each `/`-separated segment `map` changes replaced.
    static func replacingSegments(of path: String, _ map: (String) -> String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { map(String($0)) }.joined(separator: "/")
    }
}
