import CiviCore
import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `civi` as a Unix tool: -e, run, check, stdin, exit codes, formats, test, shebang.
@Suite(.serialized) struct CommandLineTests {
    let home: String
    let env: [String: String]

    init() throws {
        home = try CiviProcess.temporaryHome()
        env = CiviProcess.environment(home: home)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = home + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func evalPrintsJSONWhenNotATerminal() throws {
        let out = try CiviProcess.run(["-e", "{a: 1, b: [true, null]}"], environment: env)
        #expect(out.status == 0, "\(out.all)")
        let parsed = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(parsed?["a"] as? Int == 1)
        let one = try CiviProcess.run(["-e", "1 + 1"], environment: env)
        #expect(one.stdout == "2\n")
    }

    @Test func formats() throws {
        let csv = try CiviProcess.run(["--format", "csv", "-e", "[{a: 1, b: \"x,y\"}, {a: 2, b: \"z\"}]"], environment: env)
        #expect(csv.stdout == "a,b\n1,\"x,y\"\n2,z\n", "\(csv.all)")
        let nd = try CiviProcess.run(["--format", "ndjson", "-e", "[{a: 1}, {a: 2}]"], environment: env)
        #expect(nd.stdout == "{\"a\":1}\n{\"a\":2}\n")
        let table = try CiviProcess.run(["--format", "table", "-e", "[{a: 1}, {a: 22}]"], environment: env)
        #expect(table.stdout.contains("(2 rows)"))
        let bad = try CiviProcess.run(["--format", "xml", "-e", "1"], environment: env)
        #expect(bad.status == 2)
    }

    @Test func syntaxErrorsExitTwoWithLocation() throws {
        let out = try CiviProcess.run(["-e", "x = (1 +"], environment: env)
        #expect(out.status == 2)
        #expect(out.stderr.contains("<-e>:1:"), "\(out.stderr)")
        #expect(!out.stderr.contains("Fatal error"))
        let file = try write("bad.civi", "x = 1\nif x = 2 { print(x) }\n")
        let checked = try CiviProcess.run(["check", file], environment: env)
        #expect(checked.status == 2)
        #expect(checked.stderr.contains("bad.civi:2:"), "\(checked.stderr)")
        #expect(checked.stderr.contains("=="), "the hint suggests ==: \(checked.stderr)")
        let good = try write("good.civi", "fn f(x) { x + 1 }\nprint(f(1))\n")
        let ok = try CiviProcess.run(["check", good], environment: env)
        #expect(ok.status == 0, "\(ok.all)")
        #expect(ok.stdout.isEmpty, "check runs nothing")
    }

    @Test func runPassesArgumentsAndExitCodes() throws {
        let script = try write("args.civi", "print(args)\nprint(len(args))\n")
        let out = try CiviProcess.run(["run", script, "a", "b c"], environment: env)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout == "[\"a\", \"b c\"]\n2\n", "\(out.stdout)")
        let shorthand = try CiviProcess.run([script, "x"], environment: env)
        #expect(shorthand.stdout.hasSuffix("1\n"), "\(shorthand.all)")
        let failing = try write("fail.civi", "x = 1\nassert(x == 2, \"x should be 2\")\n")
        let f = try CiviProcess.run(["run", failing], environment: env)
        #expect(f.status == 1)
        #expect(f.stderr.contains("fail.civi:2:"), "\(f.stderr)")
        #expect(f.stderr.contains("x should be 2"))
        let exiting = try write("exit.civi", "exit(4)\n")
        #expect(try CiviProcess.run(["run", exiting], environment: env).status == 4)
        let missing = try CiviProcess.run(["run", home + "/nope.civi"], environment: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.civi"))
    }

    @Test func standardInputRunsAsAScript() throws {
        let out = try CiviProcess.run([], input: "x = 20\nprint(x + 1)\nx * 2\n", environment: env)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout == "21\n40\n", "\(out.stdout)")
    }

    @Test func connectionFailureExitsThree() throws {
        var e = env
        e["CIVICLICK_API_KEY"] = "sk_test_not_a_real_key_123"
        let out = try CiviProcess.run(["--base-url", "http://127.0.0.1:9/api/v2", "--retries", "0", "-e", "campaigns() | count"], environment: e)
        #expect(out.status == 3, "\(out.all)")
        #expect(!out.all.contains("sk_test_not_a_real_key_123"))
        let insecure = try CiviProcess.run(["--base-url", "http://api.example.org/api/v2", "-e", "campaigns() | count"], environment: e)
        #expect(insecure.status == 3 || insecure.status == 2, "\(insecure.all)")
        #expect(insecure.stderr.contains("https") || insecure.stderr.contains("HTTPS"), "\(insecure.stderr)")
    }

    @Test func wrongKeyIsAnAuthenticationFailure() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 1, actions: 0))
        var e = env
        e["CIVICLICK_API_KEY"] = "sk_wrong_key_for_test"
        let out = try CiviProcess.run(sandbox.arguments + ["-e", "campaigns() | count"], environment: e)
        await sandbox.stop()
        #expect(out.status == 3, "\(out.all)")
        #expect(out.stderr.contains("401"))
        #expect(out.stderr.contains("CIVICLICK_API_KEY"), "says which key source was used: \(out.stderr)")
        #expect(!out.all.contains("sk_wrong_key_for_test"))
    }

    @Test func testCommandReportsAndWritesJUnit() throws {
        _ = try write("tests/pass.civi", "assert(1 + 1 == 2)\n")
        _ = try write("tests/fail.civi", "assert(1 + 1 == 3, \"math is broken\")\n")
        let out = try CiviProcess.run(["test", "--junit", home + "/junit.xml"], environment: env, directory: home)
        #expect(out.status == 1, "\(out.all)")
        #expect(out.stdout.contains("1 passed, 1 failed"), "\(out.stdout)")
        #expect(out.stdout.contains("math is broken"))
        let xml = try String(contentsOfFile: home + "/junit.xml", encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"civi\" tests=\"2\" failures=\"1\""))
    }

    @Test func shebangLineRunsTheScript() throws {
        let binDir = (CiviProcess.binary as NSString).deletingLastPathComponent
        let script = try write("hello", "#!/usr/bin/env -S civi run\nprint(\"hello from \" + str(len(args)) + \" args\")\n")
        chmod(script, 0o755)
        var e = env
        e["PATH"] = binDir + ":" + (e["PATH"] ?? "")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: script)
        p.arguments = ["one"]
        p.environment = e
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0)
        #expect(text == "hello from 1 args\n")
    }

    @Test func versionAndHelp() throws {
        let v = try CiviProcess.run(["--version"], environment: env)
        #expect(v.stdout == civiVersion + "\n")
        let h = try CiviProcess.run(["--help"], environment: env)
        #expect(h.stdout.contains("serve"))
        #expect(h.stdout.contains("--dry-run"))
    }

    @Test func dryRunSendsNothing() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 1, advocates: 3, actions: 0))
        let e = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
        let out = try CiviProcess.run(sandbox.arguments + ["--dry-run", "-e", "create_advocate({email: \"dry@example.org\"})"], environment: e)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stderr.contains("POST /advocates"))
        let count = try CiviProcess.run(sandbox.arguments + ["-e", "advocates(email: \"dry@example.org\") | count"], environment: e)
        await sandbox.stop()
        #expect(count.stdout == "0\n", "\(count.all)")
    }
}
