import CiviCore
import CiviJournal
import CiviLang

/// How `civi log` and `:log` show runs and writes: tables for people, JSON for machines.
enum RunLogView {
    /// Recent runs: id, when, what, status and counts.
    static func runs(_ runs: [RunSummary], json: Bool, width: Int?, color: Bool) -> String {
        let rows: [Value] = runs.map { s in
            .record(Record([
                ("run", .string(s.info.id)), ("when", .string(when(s.info.started))), ("what", .string(s.info.what)),
                ("status", .string(s.info.shownStatus)), ("created", .int(s.created)), ("updated", .int(s.updated)),
                ("deleted", .int(s.deleted)), ("failed", .int(s.failed)), ("unknown", .int(s.unknown)),
            ]))
        }
        if json { return jsonText(.list(rows.map { row in withRunDetails(row, runs) })) }
        if rows.isEmpty { return "no runs have written anything yet\n" }
        return TableRenderer(maxWidth: width, color: color).render(rows, footer: nil) + "\n"
    }

    /// One run's writes: sequence, method, record, field-level before → after, outcome (with the
    /// HTTP status), and the response's request id (what the API's support asks for).
    static func writes(of info: RunInfo, _ writes: [JournalWrite], json: Bool, width: Int?, color: Bool) -> String {
        let ended = info.hasEnded
        if json {
            return jsonText(.record(Record([("run", runRecord(info)), ("writes", .list(writes.map { writeRecord($0, ended: ended) }))])))
        }
        var out = "run \(info.id): \(info.what), \(when(info.started)), \(info.profile) at \(info.host), \(info.shownStatus)\n"
        if writes.isEmpty { return out + "no writes\n" }
        let rows: [Value] = writes.map { w in
            .record(Record([
                ("seq", .int(w.seq)), ("method", .string(w.intent.method)), ("record", .string(record(w))),
                ("change", .string(change(w))), ("status", .string(status(w, ended: ended))),
                ("request", w.outcome.requestID.map { .string($0) } ?? .null),
            ]))
        }
        out += TableRenderer(maxWidth: width, color: color).render(rows, footer: nil) + "\n"
        return out
    }

    private static func when(_ seconds: Double) -> String {
        String(Instant(seconds: seconds.rounded(.down)).iso8601.replacingOccurrencesOfT())
    }

    private static func record(_ w: JournalWrite) -> String {
        if let id = w.intent.recordID { return id }
        if case .string(let id)? = w.outcome.after?.recordValue?["id"] { return id }
        return w.intent.path
    }

    /// `field: before → after` for each field an update sent; what a create or delete did.
    private static func change(_ w: JournalWrite) -> String {
        let body = w.intent.body?.recordValue
        switch w.intent.method {
        case "PATCH", "PUT":
            guard let body else { return "" }
            let before = w.intent.before?.recordValue
            let after = w.outcome.after?.recordValue
            return body.pairs.map { key, sent in
                let was = before.map { $0[key].map(short) ?? "∅" } ?? "?"
                return "\(key): \(was) → \(short(after?[key] ?? sent))"
            }.joined(separator: "; ")
        case "POST":
            guard let body else { return "created" }
            return "created: " + body.pairs.map { "\($0.0) \(short($0.1))" }.joined(separator: ", ")
        case "DELETE":
            if let before = w.intent.before?.recordValue {
                let label = ["email", "name", "title", "phone"].lazy.compactMap { before[$0]?.stringValue }.first
                return "deleted" + (label.map { " (\($0))" } ?? "")
            }
            return "deleted"
        default:
            return w.intent.body.map(short) ?? ""
        }
    }

    private static func status(_ w: JournalWrite, ended: Bool) -> String {
        let state = w.effectiveState(runEnded: ended)
        var s = state == .unknown ? "outcome unknown" : state == .intent ? "in flight" : state.rawValue
        if let code = w.outcome.status { s += " \(code)" }
        if let e = w.outcome.error, state != .sentOK { s += ": " + e }
        return s
    }

    private static func short(_ v: Value) -> String {
        let s = ValueFormat.repr(v)
        return s.count > 40 ? String(s.prefix(39)) + "…" : s
    }

    private static func runRecord(_ info: RunInfo) -> Value {
        .record(Record([
            ("id", .string(info.id)), ("started", .date(Instant(seconds: info.started))),
            ("finished", info.finished.map { .date(Instant(seconds: $0)) } ?? .null), ("what", .string(info.what)),
            ("profile", .string(info.profile)), ("host", .string(info.host)), ("status", .string(info.shownStatus)),
        ]))
    }

    private static func withRunDetails(_ row: Value, _ runs: [RunSummary]) -> Value {
        guard case .record(var r) = row, case .string(let id)? = r["run"],
              let info = runs.first(where: { $0.info.id == id })?.info else { return row }
        r.set("when", .date(Instant(seconds: info.started)))
        r.set("finished", info.finished.map { .date(Instant(seconds: $0)) } ?? .null)
        r.set("profile", .string(info.profile))
        r.set("host", .string(info.host))
        return .record(r)
    }

    private static func writeRecord(_ w: JournalWrite, ended: Bool) -> Value {
        .record(Record([
            ("seq", .int(w.seq)), ("method", .string(w.intent.method)), ("path", .string(w.intent.path)),
            ("resource", w.intent.resource.map { .string($0) } ?? .null),
            ("record_id", w.intent.recordID.map { .string($0) } ?? .null),
            ("body", w.intent.body ?? .null), ("idempotency_key", w.intent.idempotencyKey.map { .string($0) } ?? .null),
            ("before", w.intent.before ?? .null), ("state", .string(w.effectiveState(runEnded: ended).rawValue)),
            ("status", w.outcome.status.map { .int($0) } ?? .null),
            ("request_id", w.outcome.requestID.map { .string($0) } ?? .null),
            ("after", w.outcome.after ?? .null), ("error", w.outcome.error.map { .string($0) } ?? .null),
        ]))
    }

    private static func jsonText(_ v: Value) -> String {
        ((try? JSONWriter.string(v, options: JSONWriter.Options(pretty: true))) ?? "null") + "\n"
    }
}

private extension String {
    /// `2026-11-30T12:00:00Z` as `2026-11-30 12:00:00Z`, easier to read in a table.
    func replacingOccurrencesOfT() -> String {
        String(map { $0 == "T" ? " " : $0 })
    }
}
