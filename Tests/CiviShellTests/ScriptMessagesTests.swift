import CiviTestSupport
import Foundation
import Testing

/// `eprint`, `fail` and `exit(code, message)`: scripts talk to people without a caret.
@Suite struct ScriptMessagesTests {
    func run(_ source: String) throws -> CiviProcess.Output {
        let home = try CiviProcess.temporaryHome()
        return try CiviProcess.run(["-e", source], environment: CiviProcess.environment(home: home, extra: [:]))
    }

    @Test func eprintWritesToStandardError() throws {
        let out = try run(#"eprint("warning:", 3, "rows skipped"); print("data")"#)
        #expect(out.status == 0)
        #expect(out.stdout == "data\n", "\(out.all)")
        #expect(out.stderr == "warning: 3 rows skipped\n", "\(out.all)")
    }

    @Test func failEndsWithTheMessageAloneAndCannotBeCaught() throws {
        let out = try run(#"try { fail("rows.csv needs an email column") } catch { print("caught") }; print("after")"#)
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty, "\(out.all)")
        #expect(out.stderr == "rows.csv needs an email column\n", "no place, no caret: \(out.all)")
    }

    @Test func exitWithAMessage() throws {
        let out = try run(#"exit(3, "usage: civi run tag.civi DAYS")"#)
        #expect(out.status == 3)
        #expect(out.stderr == "usage: civi run tag.civi DAYS\n", "\(out.all)")
        let quiet = try run("exit(4)")
        #expect(quiet.status == 4 && quiet.stderr.isEmpty, "\(quiet.all)")
    }
}
