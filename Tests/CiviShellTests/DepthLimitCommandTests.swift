import CiviTestSupport
import Foundation
import Testing

/// The worst inputs of the depth and date limits through the built `civi`, so a crash shows up as
/// a failed test with its signal (the exit status) instead of taking the test run down.
@Suite struct DepthLimitCommandTests {
    let home: String
    let env: [String: String]

    init() throws {
        home = try CiviProcess.temporaryHome()
        env = CiviProcess.environment(home: home)
    }

    func script(_ name: String, _ text: String) throws -> String {
        let path = home + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func hugeDatesAreRuntimeErrors() throws {
        for source in ["date(1e300)", "date(0) + 1e300", "date(0) - days(1e300)"] {
            let out = try CiviProcess.run(["-e", source], environment: env)
            #expect(out.status == 1, "\(source): \(out.all)")
            #expect(out.stderr.contains("<-e>:1:1: error:"), "\(out.stderr)")
            #expect(out.stderr.contains("years 0001 to 9999"), "\(out.stderr)")
        }
    }

    @Test func checkStopsDeepSyntaxWithALocation() throws {
        let cases: [(String, String)] = [
            ("f = " + String(repeating: "x => ", count: 30_000) + "1", "lambdas.civi:1:"),
            ("1" + String(repeating: " + 1", count: 100_000), "sum.civi:1:4001: error: expression nested too deeply (limit 1000)"),
            ("x = [1]\nx" + String(repeating: " | map it", count: 100_000), "map.civi:2:"),
            ("x = [1]\nx" + String(repeating: "[0]", count: 100_000), "index.civi:2:"),
        ]
        for (n, (source, expected)) in cases.enumerated() {
            let name = ["lambdas.civi", "sum.civi", "map.civi", "index.civi"][n]
            let path = try script(name, source)
            for command in n == 1 ? ["check", "run"] : ["check"] {
                let out = try CiviProcess.run([command, path], environment: env)
                #expect(out.status == 2, "civi \(command) \(name): status \(out.status)")
                #expect(out.stderr.contains(home + "/" + expected), "\(out.stderr.prefix(300))")
                #expect(out.stderr.contains("nest"), "\(out.stderr.prefix(300))")
            }
        }
    }

    @Test func deepValuesAreRuntimeErrors() throws {
        let path = try script("values.civi", "x = []\nfor i in range(60000) { x = [x] }\nwrite_json(\"\(home)/deep.json\", x)\n")
        let out = try CiviProcess.run(["run", path], environment: env)
        #expect(out.status == 1, "\(out.all.prefix(300))")
        #expect(out.stderr.contains("values.civi:2:29: error: value nested too deeply (limit 512"), "\(out.stderr.prefix(300))")
    }

    @Test func aLongClosureChainIsFreedAtExit() throws {
        // Still referenced when the script ends: freed on the main thread's ordinary stack.
        let out = try CiviProcess.run(["-e", "fn wrap(v) { [() => v] }\nx = 1\nfor i in range(200000) { x = wrap(x) }\nlen(x)"],
                                      environment: env)
        #expect(out.status == 0, "\(out.all.prefix(300))")
        #expect(out.stdout == "1\n")
    }
}
