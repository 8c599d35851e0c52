import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the sandbox's SQLite database: in memory, or a file that keeps its data between runs.
enum SandboxDatabase {
    /// A seeded database ready to serve, seeding it when it is new (or when `reset` is set).
    static func open(_ options: SandboxOptions) throws -> any DatabaseWriter {
        guard let path = options.dbPath else {
            let queue = try DatabaseQueue(configuration: configuration(readers: 0))
            try seed(queue, options)
            return queue
        }
        if options.reset { try removeFiles(at: path) }
        if try !fileIsSeeded(path) {
            try removeFiles(at: path) // only a missing or empty file (or one half-seeded by an older civi) gets here
            try SeedFile.create(at: path) { temporary in
                // Journaling off: one big transaction into a file nobody else sees until it is complete.
                let queue = try DatabaseQueue(path: temporary, configuration: configuration(readers: 0))
                try seed(queue, options)
                try queue.close()
            }
        }
        return try DatabasePool(path: path, configuration: configuration(readers: 4))
    }

    private static func configuration(readers: Int) -> Configuration {
        var config = Configuration()
        if readers > 0 { config.maximumReaderCount = readers }
        config.label = "civi-sandbox"
        // A pool of the same file that is still closing (checkpointing its WAL) holds a lock for a moment.
        config.busyMode = .timeout(5)
        return config
    }

    private static func seed(_ writer: any DatabaseWriter, _ options: SandboxOptions) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try db.inTransaction {
                try Schema.createTables(db)
                // Whole seconds, so the anchor reads back exactly as the ISO string stored.
                let anchor = options.anchorMs ?? (Millis.now() / 1000 * 1000)
                try SandboxSeeder.insert(into: db, options: options, anchorMs: anchor)
                try Schema.createIndexes(db)
                try db.execute(sql: "INSERT INTO sandbox_meta(key, value) VALUES ('seeded', ?), ('anchor', ?)",
                               arguments: [String(options.seed), Millis.iso(anchor)])
                return .commit
            }
            // Rollback needs a journal again once seeding is done (in-memory databases keep it in memory;
            // a seeded file is reopened by a pool, which switches it to WAL).
            try db.execute(sql: "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = NORMAL")
        }
    }

    /// Whether the file holds a finished sandbox; a file that holds something else is an error,
    /// so that a wrong path never destroys another database.
    private static func fileIsSeeded(_ path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readers: 0))
            defer { try? queue.close() }
            return try queue.read { db in
                if try Schema.isSeeded(db) { return true }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if tables.isEmpty || tables.contains("sandbox_meta") { return false }
                throw SandboxError("'\(path)' holds a database that is not a civi sandbox (tables: \(tables.prefix(5).joined(separator: ", "))); choose another path, or reset to replace it")
            }
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError("cannot open the sandbox database '\(path)': \(error)",
                               hint: "the file is damaged or is not a database; delete it (rm '\(path)') or start with " +
                                   "--sandbox-reset (`civi serve --reset` for a --db file) to seed a new sandbox there")
        }
    }

    static func removeFiles(at path: String) throws {
        for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
