import GRDB

/// The tables of the sandbox. Derived counts are columns, kept in step by every write.
enum Schema {
    /// Creates the tables (no secondary indexes: those come after bulk seeding).
    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE campaigns (
                rid INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, title TEXT, description TEXT,
                type TEXT NOT NULL, status TEXT NOT NULL, goal INTEGER, tags TEXT NOT NULL, targets TEXT NOT NULL,
                action_count INTEGER NOT NULL DEFAULT 0, advocate_count INTEGER NOT NULL DEFAULT 0,
                starts_at INTEGER, ends_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE advocates (
                rid INTEGER PRIMARY KEY, id TEXT NOT NULL, first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
                address1 TEXT, address2 TEXT, city TEXT, state TEXT, zip TEXT, country TEXT NOT NULL,
                email_opt_in INTEGER NOT NULL, sms_opt_in INTEGER NOT NULL, tags TEXT NOT NULL,
                custom_fields TEXT NOT NULL, action_count INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE actions (
                rid INTEGER PRIMARY KEY, id TEXT NOT NULL, campaign_id TEXT NOT NULL, advocate_id TEXT NOT NULL,
                type TEXT NOT NULL, status TEXT NOT NULL, subject TEXT, message TEXT, targets TEXT NOT NULL,
                source TEXT NOT NULL, created_at INTEGER NOT NULL);
            """)
    }

    /// Creates the indexes (after the bulk insert, which is much faster without them).
    static func createIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE UNIQUE INDEX campaigns_id ON campaigns(id);
            CREATE INDEX campaigns_created ON campaigns(created_at, id);
            CREATE UNIQUE INDEX advocates_id ON advocates(id);
            CREATE UNIQUE INDEX advocates_email ON advocates(email COLLATE NOCASE);
            CREATE INDEX advocates_created ON advocates(created_at, id);
            CREATE INDEX advocates_updated ON advocates(updated_at);
            CREATE INDEX advocates_state ON advocates(state);
            CREATE INDEX advocates_last_name ON advocates(last_name);
            CREATE UNIQUE INDEX actions_id ON actions(id);
            CREATE INDEX actions_campaign ON actions(campaign_id, advocate_id);
            CREATE INDEX actions_advocate ON actions(advocate_id, campaign_id);
            CREATE INDEX actions_created ON actions(created_at, id);
            """)
    }

    /// Whether `db` already holds a completely seeded sandbox.
    static func isSeeded(_ db: Database) throws -> Bool {
        guard try db.tableExists("sandbox_meta") else { return false }
        return try String.fetchOne(db, sql: "SELECT value FROM sandbox_meta WHERE key = 'seeded'") != nil
    }

    /// The instant the seeded data is anchored at (ISO-8601). Files seeded before anchors were
    /// stored were all anchored at the fixed 2026-01-01.
    static func anchor(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM sandbox_meta WHERE key = 'anchor'")
            ?? Millis.iso(SeedGenerator.fixedAnchorMs)
    }
}
