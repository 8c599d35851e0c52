import CiviJournal
import CiviSandbox
import CiviTestSupport
import Foundation

/// A sandbox and a HOME for journal tests: runs civi against the sandbox, dumps every advocate,
/// reads the journal.
struct JournalFixture {
    let sandbox: TestSandbox
    let home: String
    let env: [String: String]

    static func start(advocates: Int, latencyMs: Int = 0) async throws -> JournalFixture {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: advocates, actions: 0, latencyMs: latencyMs))
        let home = try CiviProcess.temporaryHome()
        return JournalFixture(sandbox: sandbox, home: home, env: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment))
    }

    /// The journal file of this HOME.
    var journalPath: String { home + "/state/civi/journal.sqlite" }

    /// Runs civi against the sandbox.
    func civi(_ arguments: [String], timeout: Double = 60) throws -> CiviProcess.Output {
        try CiviProcess.run(sandbox.arguments + arguments, environment: env, timeout: timeout)
    }

    /// Starts civi against the sandbox in the background.
    func start(_ arguments: [String]) throws -> RunningCivi {
        try RunningCivi(sandbox.arguments + arguments, environment: env)
    }

    /// Writes a script into HOME; returns its path.
    func script(_ name: String, _ text: String) throws -> String {
        let path = home + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every advocate, by id, as the API shows it (without `updated_at`, which every write moves).
    func dump() throws -> NSArray {
        let out = try civi(["--format", "json", "-e", "advocates() | sort .id"])
        guard out.status == 0, let list = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] else {
            throw FixtureError("dump failed: \(out.all)")
        }
        return list.map { record in record.filter { $0.key != "updated_at" } } as NSArray
    }

    /// `civi log --json`: the runs, newest first.
    func runs() throws -> [[String: Any]] {
        let out = try civi(["log", "--json"])
        guard out.status == 0, let list = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] else {
            throw FixtureError("civi log failed: \(out.all)")
        }
        return list
    }

    /// `civi log RUN --json`: the run's writes.
    func writes(of run: String) throws -> [[String: Any]] {
        let out = try civi(["log", run, "--json"])
        guard out.status == 0, let object = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any],
              let writes = object["writes"] as? [[String: Any]] else {
            throw FixtureError("civi log \(run) failed: \(out.all)")
        }
        return writes
    }

    /// Waits (up to `timeout` s) until the newest journaled run holds at least `count` writes.
    func waitForWrites(_ count: Int, timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: journalPath), let store = try? JournalStore.open(path: journalPath) {
                let n = (try? store.recentRuns(limit: 1).first?.writes) ?? 0
                store.close()
                if n >= count { return }
            }
            usleep(20_000)
        }
        throw FixtureError("the journal did not reach \(count) writes in \(timeout) s")
    }

    func stop() async { await sandbox.stop() }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
