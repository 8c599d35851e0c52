import CiviTestSupport
import Foundation
import Testing

/// The command-line side of the client's time limits: `--deadline` and `--retry-budget`.
@Suite struct TimeLimitOptionTests {
    @Test func deadlineAndRetryBudgetAreCiviOptions() throws {
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home)
        let script = home + "/count-args.civi"
        try "print(len(args))\n".write(toFile: script, atomically: true, encoding: .utf8)
        let run = try CiviProcess.run(["run", "--deadline", "5", "--retry-budget", "1", script, "a", "b"], environment: env)
        #expect(run.status == 0, "\(run.all)")
        #expect(run.stdout == "2\n", "the option values are not taken for the script's path: \(run.all)")

        let zero = try CiviProcess.run(["--deadline", "0", "-e", "campaigns() | count"], environment: env)
        #expect(zero.status == 3, "\(zero.all)")
        #expect(zero.stderr.contains("deadline must be positive"), "\(zero.stderr)")
        let negative = try CiviProcess.run(["--retry-budget=-1", "-e", "campaigns() | count"], environment: env)
        #expect(negative.stderr.contains("retry budget must be 0 or more"), "\(negative.stderr)")
    }
}
