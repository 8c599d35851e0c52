import GRDB

/// The journal's tables: `runs`, and `writes` keyed by run and sequence number.
enum JournalSchema {
    /// Creates the tables when missing (a journal written by this version or an older one).
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS runs(
                id TEXT PRIMARY KEY, started REAL NOT NULL, finished REAL, what TEXT NOT NULL,
                profile TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL, pid INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS runs_started ON runs(started);
            CREATE TABLE IF NOT EXISTS writes(
                run TEXT NOT NULL, seq INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
                resource TEXT, record_id TEXT, body TEXT, idempotency_key TEXT, before TEXT,
                state TEXT NOT NULL, status INTEGER, request_id TEXT, after TEXT, error TEXT,
                started REAL NOT NULL,
                PRIMARY KEY(run, seq));
            """)
    }
}
