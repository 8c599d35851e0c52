import CiviTestSupport
import Foundation
import Testing

/// The embedded sandbox's data file: an interrupted first seed never leaves it unusable, and a
/// file that is not a database gets a message that says how to fix it.
@Suite(.serialized) struct SandboxSeedingTests {
    @Test func killedMidSeedThenANormalStartWorks() throws {
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home)
        let folder = home + "/data/civi"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = folder + "/sandbox.sqlite"
        // A big seed written to the embedded sandbox's own path, killed while the file grows.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CiviProcess.binary)
        p.arguments = ["serve", "--db", database, "--port", "0", "--campaigns", "24", "--advocates", "2000000", "--actions", "0"]
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(20)
        var sawData = false
        while Date() < deadline, p.isRunning, !sawData {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            sawData = names.contains { name in
                let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0
                return size > 2_000_000
            }
            if !sawData { usleep(20_000) }
        }
        #expect(p.isRunning, "the seed finished before it could be interrupted")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(sawData, "no seed data appeared")

        let out = try CiviProcess.run(["-e", "campaigns() | count"], environment: env, timeout: 60)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout == "24\n", "\(out.all)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("seeding") }
        #expect(left.isEmpty, "the abandoned seed file is cleaned up: \(left)")
    }

    @Test func aFileThatIsNotADatabaseGetsAMessageWithTheFix() throws {
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home)
        let folder = home + "/data/civi"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = folder + "/sandbox.sqlite"
        try String(repeating: "not a database at all\n", count: 300).write(toFile: database, atomically: true, encoding: .utf8)
        let out = try CiviProcess.run(["-e", "campaigns() | count"], environment: env)
        #expect(out.status != 0)
        #expect(out.stderr.contains(database), "\(out.stderr)")
        #expect(out.stderr.contains("--sandbox-reset"), "\(out.stderr)")
        #expect(out.stderr.contains("hint:"), "\(out.stderr)")
        #expect(try String(contentsOfFile: database, encoding: .utf8).hasPrefix("not a database"), "the file is left alone")
        let reset = try CiviProcess.run(["--sandbox-reset", "-e", "campaigns() | count"], environment: env)
        #expect(reset.status == 0, "\(reset.all)")
        #expect(reset.stdout == "24\n")
    }
}
