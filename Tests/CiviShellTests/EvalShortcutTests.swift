import CiviTestSupport
import Foundation
import Testing

/// `civi -e SOURCE` alone skips the argument parser (start-up time); it must do exactly what the
/// parsed form does. `--no-color` (a no-op off a terminal) forces the parsed form.
@Suite struct EvalShortcutTests {
    static let sources = [
        "1", "[1, 2] | map it * 3", #"print("out"); eprint("err"); 7"#, #"error("boom")"#, "exit(4)",
        "1 +", "undefined_name", "", #"fail("stop")"#,
    ]

    @Test("the shortcut and the parser agree on output and exit status", arguments: sources)
    func agree(source: String) throws {
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home, extra: [:])
        let shortcut = try CiviProcess.run(["-e", source], environment: env)
        let parsed = try CiviProcess.run(["--no-color", "-e", source], environment: env)
        #expect(shortcut.status == parsed.status)
        #expect(shortcut.stdout == parsed.stdout)
        #expect(shortcut.stderr == parsed.stderr)
        let long = try CiviProcess.run(["--eval", source], environment: env)
        #expect(long.status == parsed.status && long.stdout == parsed.stdout && long.stderr == parsed.stderr)
    }

    @Test("an option-like source still goes through the parser")
    func optionLikeSource() throws {
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home, extra: [:])
        let out = try CiviProcess.run(["-e", "--version"], environment: env)
        let parsed = try CiviProcess.run(["--no-color", "-e", "--version"], environment: env)
        #expect(out.status == parsed.status && out.stdout == parsed.stdout && out.stderr == parsed.stderr)
    }
}
