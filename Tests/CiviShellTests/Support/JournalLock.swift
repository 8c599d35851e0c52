import Foundation

/// Another process holding an exclusive lock on a SQLite file (python3's sqlite3, `BEGIN
/// EXCLUSIVE`) until `release()`: what civi meets when a second program has the journal busy.
final class JournalLock {
    private let process = Process()
    private let input = Pipe()

    /// Starts the holder and returns once the lock is held.
    init(path: String) throws {
        let script = """
            import sqlite3, sys
            con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            con.execute("BEGIN EXCLUSIVE")
            con.execute("CREATE TABLE IF NOT EXISTS held(x)")
            print("locked", flush=True)
            sys.stdin.read()
            con.execute("ROLLBACK")
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let said = output.fileHandleForReading.availableData
        guard String(decoding: said, as: UTF8.self).hasPrefix("locked") else {
            release()
            throw FixtureError("python3 could not lock \(path)")
        }
    }

    /// Ends the holder (its transaction is rolled back).
    func release() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { release() } }
}
