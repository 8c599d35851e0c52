import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `civi test`: one case per `fn test_*()`, a fresh in-memory sandbox per script (never the
/// persistent one or a configured account without `--live`), `--args`, and failed comparisons
/// that show both sides.
@Suite struct TestCommandTests {
    let home: String
    let env: [String: String]

    init() throws {
        home = try CiviProcess.temporaryHome()
        env = CiviProcess.environment(home: home)
    }

    private func write(_ name: String, _ text: String) throws {
        let path = home + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func eachTestFunctionIsACaseWithItsOwnLineAndJUnitTestcase() throws {
        try write("tests/math.civi", """
            base = 2
            fn test_adds() { assert(base + 2 == 4) }
            fn test_compares() {
              got = [base, 3]
              assert(len(got) == 3, "three items")
            }
            fn helper_not_a_test() { assert(false) }
            fn test_needs_args(x) { assert(false) }
            """)
        let out = try CiviProcess.run(["test", "--junit", home + "/j.xml"], environment: env, directory: home)
        #expect(out.status == 1, "\(out.all)")
        #expect(out.stdout.contains("pass tests/math.civi::test_adds ("), "\(out.stdout)")
        #expect(out.stdout.contains("FAIL tests/math.civi::test_compares ("), "\(out.stdout)")
        #expect(out.stdout.contains("1 passed, 1 failed"), "\(out.stdout)")
        // The failure names the source line and both sides of the comparison.
        #expect(out.stdout.contains("tests/math.civi:5:3: error: assertion failed: three items"), "\(out.stdout)")
        #expect(out.stdout.contains("len(got) == 3\n") && out.stdout.contains("left:  2\n") && out.stdout.contains("right: 3\n"),
                "\(out.stdout)")
        #expect(out.stdout.contains("assert(len(got) == 3, \"three items\")"), "the source line is shown: \(out.stdout)")
        let xml = try String(contentsOfFile: home + "/j.xml", encoding: .utf8)
        #expect(xml.contains("tests=\"2\" failures=\"1\""), "\(xml)")
        #expect(xml.contains("<testcase classname=\"tests/math.civi\" name=\"test_adds\""), "\(xml)")
        #expect(xml.contains("<testcase classname=\"tests/math.civi\" name=\"test_compares\""), "\(xml)")
    }

    @Test func everyScriptGetsAFreshSandboxWithFixedDatesAndTheGivenArgs() throws {
        let script = """
            assert(args == ["180", "x"])
            assert((advocates(email: "once@example.org") | count) == 0, "no earlier run's record")
            create_advocate({email: "once@example.org"})
            assert((advocates() | count) == 5001)
            newest = actions() | sort -.created_at | take 1 | collect
            assert(newest[0].created_at <= date("2026-01-01T00:00:00Z"))
            """
        try write("tests/a.civi", script)
        try write("tests/b.civi", script)
        for _ in 1...2 {
            let out = try CiviProcess.run(["test", "--args", "180", "x"], environment: env, directory: home)
            #expect(out.status == 0, "\(out.all)")
            #expect(out.stdout.contains("2 passed, 0 failed"), "\(out.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: home + "/data/civi/sandbox.sqlite"),
                "the persistent embedded sandbox is left alone")
    }

    @Test func aConfiguredAccountIsUsedOnlyWithLiveWhichNamesItFirst() async throws {
        let sandbox = try await TestSandbox.start(.small)
        defer { Task { await sandbox.stop() } }
        try write("tests/count.civi", "assert((campaigns() | count) == 6, \"the small seed\")\n")
        var live = env
        for (k, v) in sandbox.keyEnvironment { live[k] = v }
        let refused = try CiviProcess.run(sandbox.arguments + ["test"], environment: live, directory: home)
        #expect(refused.status == 2 && refused.stderr.contains("add --live"), "\(refused.all)")
        let ran = try CiviProcess.run(sandbox.arguments + ["test", "--live"], environment: live, directory: home)
        #expect(ran.status == 0, "\(ran.all)")
        #expect(ran.stdout.hasPrefix("civi test: running against the live API \(sandbox.server.baseURL)"), "\(ran.stdout)")
        #expect(!ran.all.contains(sandbox.server.apiKey))
        // Without a connection flag the key in the environment is not used: the fresh sandbox has 24 campaigns.
        let fresh = try CiviProcess.run(["test"], environment: live, directory: home)
        #expect(fresh.status == 1 && fresh.stdout.contains("the small seed"), "\(fresh.all)")
    }
}
