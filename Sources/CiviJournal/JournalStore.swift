import CiviCore
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the journal cannot be used (the run goes on without it; the message says what and where).
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// One line for humans.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// The write journal: one SQLite file (WAL, mode 0600) of runs and the writes each sent.
/// Every method is one short transaction, safe to call from many threads at once.
public final class JournalStore: Sendable {
    /// The journal file.
    public let path: String
    let queue: DatabaseQueue
    /// The first failed write's error: later writes fail with it at once.
    private let failure = Mutex<JournalError?>(nil)

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens (creating when missing) the journal at `path`. `busyTimeout` bounds the wait for
    /// another civi holding the file; a damaged, locked or unwritable journal throws `JournalError`.
    public static func open(path: String, busyTimeout: Double = 2) throws(JournalError) -> JournalStore {
        Directories.makeParents(of: path)
        // Created 0600 before SQLite sees it: SQLite gives its -wal and -shm files the same mode.
        let fd = SystemCall.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError("cannot open the journal \(path): \(SystemCall.reason(errno))")
        }
        fchmod(fd, 0o600)
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
        var config = Configuration()
        config.label = "civi-journal"
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.inTransaction {
                    try JournalSchema.create(db)
                    return .commit
                }
            }
            return JournalStore(path: path, queue: queue)
        } catch let error as DatabaseError {
            throw JournalError("cannot use the journal \(path): \(error.message ?? "\(error.resultCode)")")
        } catch {
            throw JournalError("cannot use the journal \(path): \(error)")
        }
    }

    /// Records the start of a run and returns it, ready to journal writes.
    public func beginRun(what: String, profile: String, host: String) throws(JournalError) -> JournalRun {
        let info = RunInfo(id: RunID.make(), started: SystemClock.wallSeconds(), finished: nil, what: what,
                           profile: profile, host: host, status: .running, pid: getpid())
        try write { db in
            try db.execute(sql: """
                INSERT INTO runs(id, started, what, profile, host, status, pid) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [info.id, info.started, info.what, info.profile, info.host, info.status.rawValue, Int(info.pid)])
        }
        return JournalRun(info: info, store: self)
    }

    /// Records the intent of write `seq` of `run` (committed before the request is sent).
    func insertIntent(run: String, seq: Int, _ intent: WriteIntent) throws(JournalError) {
        let body = JournalJSON.text(intent.body), before = JournalJSON.text(intent.before)
        try write { db in
            // Cached statements: one write costs two of these, so SQL is not compiled each time.
            try db.cachedStatement(sql: """
                INSERT INTO writes(run, seq, method, path, resource, record_id, body, idempotency_key, before,
                                   state, started)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?)
                """).execute(arguments: [run, seq, intent.method, intent.path, intent.resource, intent.recordID, body,
                                         intent.idempotencyKey, before, SystemClock.wallSeconds()])
        }
    }

    /// Records how write `seq` of `run` ended.
    func updateOutcome(run: String, seq: Int, _ outcome: WriteOutcome) throws(JournalError) {
        let after = JournalJSON.text(outcome.after)
        try write { db in
            try db.cachedStatement(sql: """
                UPDATE writes SET state = ?, status = ?, request_id = ?, after = ?, error = ? WHERE run = ? AND seq = ?
                """).execute(arguments: [outcome.state.rawValue, outcome.status, outcome.requestID, after, outcome.error, run, seq])
        }
    }

    /// Records how a run ended.
    func finishRun(_ id: String, status: RunStatus) throws(JournalError) {
        try write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, finished = ? WHERE id = ?",
                           arguments: [status.rawValue, SystemClock.wallSeconds(), id])
        }
    }

    /// Closes the file (later calls fail).
    public func close() { try? queue.close() }

    /// Runs `body` in a write transaction. After one write failed (a file another program holds
    /// locked, say), every later one fails at once with the same error — also those already
    /// queued behind it, which would otherwise each wait out the busy timeout in turn while
    /// `parallel` writes wait for them.
    private func write(_ body: @escaping (Database) throws -> Void) throws(JournalError) {
        do {
            // Checked in the queue, before `BEGIN IMMEDIATE` (where the busy wait happens).
            try queue.writeWithoutTransaction { db in
                if let earlier = self.failure.withLock({ $0 }) { throw earlier }
                try db.inTransaction {
                    try body(db)
                    return .commit
                }
            }
        } catch let error as JournalError {
            throw error
        } catch {
            let message = (error as? DatabaseError).map { $0.message ?? "\($0.resultCode)" } ?? "\(error)"
            let failed = JournalError("cannot write to the journal \(path): \(message)")
            failure.withLock { if $0 == nil { $0 = failed } }
            throw failed
        }
    }

    func read<T>(_ body: @escaping (Database) throws -> T) throws(JournalError) -> T {
        do { return try queue.read(body) } catch let error as DatabaseError {
            throw JournalError("cannot read the journal \(path): \(error.message ?? "\(error.resultCode)")")
        } catch {
            throw JournalError("cannot read the journal \(path): \(error)")
        }
    }
}

/// The run a process is journaling: hands out sequence numbers and records intents and outcomes.
public final class JournalRun: Sendable {
    /// The run as recorded at its start.
    public let info: RunInfo
    /// The store it writes to.
    public let store: JournalStore
    private let counter = Mutex(0)

    init(info: RunInfo, store: JournalStore) {
        self.info = info
        self.store = store
    }

    /// The run's id (`r_…`).
    public var id: String { info.id }

    /// Writes recorded so far.
    public var writeCount: Int { counter.withLock { $0 } }

    /// Records a write's intent; returns its sequence number (for `recordOutcome`).
    public func recordIntent(_ intent: WriteIntent) throws(JournalError) -> Int {
        let seq = counter.withLock { n -> Int in
            n += 1
            return n
        }
        try store.insertIntent(run: id, seq: seq, intent)
        return seq
    }

    /// Records how write `seq` ended.
    public func recordOutcome(seq: Int, _ outcome: WriteOutcome) throws(JournalError) {
        try store.updateOutcome(run: id, seq: seq, outcome)
    }

    /// Records how the run ended.
    public func finish(_ status: RunStatus) throws(JournalError) {
        try store.finishRun(id, status: status)
    }
}
