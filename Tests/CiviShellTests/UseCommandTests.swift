import CiviTestSupport
import Foundation
import Testing

/// `use` through the `civi` command: libraries next to the script, errors shown at the library's
/// place (relative to the working directory), `civi check` looking into used files.
@Suite struct UseCommandTests {
    let home: String
    let env: [String: String]

    init() throws {
        home = try CiviProcess.temporaryHome()
        env = CiviProcess.environment(home: home)
        try FileManager.default.createDirectory(atPath: home + "/jobs/lib", withIntermediateDirectories: true)
        let files = [
            "jobs/main.civi": "use \"lib/money.civi\"\nprint(money(12))\nprint(cents(1))\n",
            "jobs/lib/money.civi": "CURRENCY = \"USD\"\nfn money(n) { \"${CURRENCY} ${n}\" }\nfn cents(n) {\n  n + \"c\"\n}\n",
            "jobs/typo.civi": "use \"lib/typo_lib.civi\"\n",
            "jobs/lib/typo_lib.civi": "fn ca() {\n  advocates() | where .stat == \"CA\" | count\n}\n",
        ]
        for (name, text) in files { try text.write(toFile: home + "/" + name, atomically: true, encoding: .utf8) }
    }

    @Test func aRunErrorInsideALibraryShowsTheLibrarysLine() throws {
        let out = try CiviProcess.run(["run", "jobs/main.civi"], environment: env, directory: home)
        #expect(out.status == 1, "\(out.all)")
        #expect(out.stdout == "USD 12\n", "\(out.all)")
        #expect(out.stderr.hasPrefix("jobs/lib/money.civi:4:3: error: cannot apply `+` to int and string\n 4 |   n + \"c\""), "\(out.all)")
    }

    @Test func checkReportsMistakesInsideUsedFiles() throws {
        let out = try CiviProcess.run(["check", "jobs/typo.civi"], environment: env, directory: home)
        #expect(out.status == 2, "\(out.all)")
        #expect(out.stderr.hasPrefix("jobs/lib/typo_lib.civi:2:23: error: advocate has no field `stat`; did you mean `state`?"), "\(out.all)")
        let fine = try CiviProcess.run(["check", "jobs/main.civi"], environment: env, directory: home)
        #expect(fine.status == 0 && fine.all.isEmpty, "\(fine.all)")
    }
}
