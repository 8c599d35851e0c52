import CiviCore
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JournalStore {
    /// The most recent runs, newest first, with their write counts.
    public func recentRuns(limit: Int = 20) throws(JournalError) -> [RunSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started DESC LIMIT ?", arguments: [limit])
            return try rows.map { row in
                var summary = RunSummary(info: Self.runInfo(row))
                let counts = try Row.fetchAll(db, sql: """
                    SELECT method, state, COUNT(*) AS n FROM writes WHERE run = ? GROUP BY method, state
                    """, arguments: [summary.info.id])
                for c in counts {
                    summary.add(method: c["method"], state: WriteState(rawValue: c["state"]) ?? .unknown, count: c["n"])
                }
                return summary
            }
        }
    }

    /// The run with id `id`, or the one run whose id starts with it; nil when none (or several) match.
    public func run(_ id: String) throws(JournalError) -> RunInfo? {
        try read { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) {
                return Self.runInfo(row)
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                                        arguments: [Self.likePrefix(id)])
            return rows.count == 1 ? Self.runInfo(rows[0]) : nil
        }
    }

    /// The writes of run `id` in the order they started (`seq` from `first` on).
    public func writes(of id: String, from first: Int = 1) throws(JournalError) -> [JournalWrite] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM writes WHERE run = ? AND seq >= ? ORDER BY seq",
                             arguments: [id, first]).map(Self.write)
        }
    }

    private static func runInfo(_ row: Row) -> RunInfo {
        let pid: Int = row["pid"]
        return RunInfo(id: row["id"], started: row["started"], finished: row["finished"], what: row["what"],
                       profile: row["profile"], host: row["host"],
                       status: RunStatus(rawValue: row["status"]) ?? .running, pid: Int32(truncatingIfNeeded: pid))
    }

    private static func write(_ row: Row) -> JournalWrite {
        let resource: String? = row["resource"]
        let intent = WriteIntent(method: row["method"], path: row["path"], resource: resource, recordID: row["record_id"],
                                 body: JournalJSON.value(row["body"], resource: nil),
                                 idempotencyKey: row["idempotency_key"],
                                 before: JournalJSON.value(row["before"], resource: resource))
        let outcome = WriteOutcome(state: WriteState(rawValue: row["state"]) ?? .unknown, status: row["status"],
                                   requestID: row["request_id"], after: JournalJSON.value(row["after"], resource: resource),
                                   error: row["error"])
        return JournalWrite(run: row["run"], seq: row["seq"], intent: intent, outcome: outcome, started: row["started"])
    }

    private static func likePrefix(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "%"
    }
}

extension RunInfo {
    /// True when the run never said how it ended and its process is gone (killed, crashed).
    public var endedAbruptly: Bool {
        guard status == .running else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// True once the run is over, however it ended.
    public var hasEnded: Bool { status != .running || endedAbruptly }

    /// The status as `civi log` shows it (`ended abruptly` for a run killed mid-way).
    public var shownStatus: String { endedAbruptly ? "ended abruptly" : status.rawValue }
}

extension RunSummary {
    /// Counts `count` writes of `method` that ended in `state`.
    mutating func add(method: String, state: WriteState, count: Int) {
        writes += count
        switch state {
        case .sentOK:
            switch method {
            case "POST": created += count
            case "DELETE": deleted += count
            default: updated += count
            }
        case .failed: failed += count
        case .unknown: unknown += count
        case .intent: if info.hasEnded { unknown += count }
        }
    }
}
