import CiviTestSupport
import Foundation
import Testing

/// One command line and what civi must make of it.
struct OptionPlacement: Sendable, CustomTestStringConvertible {
    /// The arguments; `FILE` stands for the probe script's path.
    var arguments: [String]
    /// Standard input, if any.
    var input: String? = nil
    var status: Int32
    /// The exact standard output (the probe prints `args` first), or nil not to check it.
    var stdout: String?
    /// Text the output (standard error, or standard output for `civi test`'s report) must contain.
    var mentions: [String] = []

    var testDescription: String { "civi " + arguments.joined(separator: " ") }
}

/// Every documented placement of civi's options, through the built binary: global options before
/// the subcommand, after it, before the script path (with or without `run`), `-e`, piped standard
/// input, `--`, options with values; and everything after a script's path belongs to the script.
///
/// The probe prints `args`, then makes one write. Every API reachable here is a closed loopback
/// port (retries 0), so the write fails at once (exit 3, naming the port: 9 by default, 8 for
/// `--profile p`, 7 where `--base-url` says so) unless `--dry-run` took effect (exit 0).
@Suite struct OptionPlacementTests {
    static let dry = "dry-run: POST /advocates"
    static let port7 = "http://127.0.0.1:7/api/v2"

    static let placements: [OptionPlacement] = [
        // Global options before the subcommand, after it, and in the implicit `civi FILE` form.
        .init(arguments: ["--dry-run", "run", "FILE", "180"], status: 0, stdout: "[\"180\"]\n", mentions: [dry]),
        .init(arguments: ["run", "--dry-run", "FILE", "180"], status: 0, stdout: "[\"180\"]\n", mentions: [dry]),
        .init(arguments: ["--dry-run", "FILE", "180"], status: 0, stdout: "[\"180\"]\n", mentions: [dry]),
        .init(arguments: ["--format", "json", "FILE", "ARG"], status: 3, stdout: "[\"ARG\"]\n", mentions: ["127.0.0.1:9"]),
        .init(arguments: ["--format", "json", "run", "--no-color", "FILE", "ARG"], status: 3, stdout: "[\"ARG\"]\n"),
        // After the script path everything is the script's, options of civi's included.
        .init(arguments: ["FILE", "--dry-run"], status: 3, stdout: "[\"--dry-run\"]\n", mentions: ["127.0.0.1:9"]),
        .init(arguments: ["run", "FILE", "--x", "-n", "3"], status: 3, stdout: "[\"--x\", \"-n\", \"3\"]\n"),
        .init(arguments: ["--dry-run", "FILE", "--x", "-n", "3"], status: 0, stdout: "[\"--x\", \"-n\", \"3\"]\n", mentions: [dry]),
        .init(arguments: ["FILE", "--base-url", port7, "--format", "csv"], status: 3,
              stdout: "[\"--base-url\", \"\(port7)\", \"--format\", \"csv\"]\n", mentions: ["127.0.0.1:9"]),
        .init(arguments: ["run", "FILE", "--help"], status: 3, stdout: "[\"--help\"]\n"),
        .init(arguments: ["FILE", "-e", "1"], status: 3, stdout: "[\"-e\", \"1\"]\n"),
        // `--`: before the path it ends civi's options; after it, it is the script's.
        .init(arguments: ["--dry-run", "--", "FILE", "x"], status: 0, stdout: "[\"x\"]\n", mentions: [dry]),
        .init(arguments: ["run", "--dry-run", "--", "FILE", "x"], status: 0, stdout: "[\"x\"]\n", mentions: [dry]),
        .init(arguments: ["run", "FILE", "--", "x"], status: 3, stdout: "[\"--\", \"x\"]\n"),
        // Options with values, before and after the subcommand.
        .init(arguments: ["--profile", "p", "FILE"], status: 3, stdout: "[]\n", mentions: ["127.0.0.1:8"]),
        .init(arguments: ["run", "--profile", "p", "FILE", "q"], status: 3, stdout: "[\"q\"]\n", mentions: ["127.0.0.1:8"]),
        .init(arguments: ["--base-url", port7, "run", "FILE"], status: 3, stdout: "[]\n", mentions: ["127.0.0.1:7"]),
        .init(arguments: ["--profile", "p", "run", "--base-url", port7, "FILE"], status: 3, stdout: "[]\n", mentions: ["127.0.0.1:7"]),
        .init(arguments: ["--timeout", "5", "--deadline", "6", "--retry-budget", "7", "--dry-run", "FILE", "a"],
              status: 0, stdout: "[\"a\"]\n", mentions: [dry]),
        .init(arguments: ["run", "--timeout", "5", "--deadline", "6", "--retry-budget", "7", "--retries", "0", "--dry-run", "FILE"],
              status: 0, stdout: "[]\n", mentions: [dry]),
        .init(arguments: ["--retry-budget", "run", "FILE"], status: 2, stdout: "", mentions: ["'run' is invalid for '--retry-budget"]),
        .init(arguments: ["run", "--timeout", "soon", "FILE"], status: 2, stdout: "", mentions: ["'soon' is invalid for '--timeout"]),
        // `-e` and piped standard input show values in the format asked for, wherever it is given.
        .init(arguments: ["--format", "csv", "-e", "[{a: 1}]"], status: 0, stdout: "a\n1\n"),
        .init(arguments: ["-e", "[{a: 1}]", "--format", "csv"], status: 0, stdout: "a\n1\n"),
        .init(arguments: ["--dry-run", "-e", "create_advocate({email: \"e@example.org\"})"], status: 0, stdout: nil, mentions: [dry]),
        .init(arguments: ["--format", "csv"], input: "[{a: 1}]\n", status: 0, stdout: "a\n1\n"),
        .init(arguments: ["--format", "csv", "run", "-", "x"], input: "print(args)\n", status: 0, stdout: "[\"x\"]\n"),
        // check and test take the global options before or after their own name, and keep theirs.
        .init(arguments: ["check", "FILE", "--format", "json", "--timeout", "5"], status: 0, stdout: ""),
        .init(arguments: ["--format", "json", "check", "--no-color", "FILE"], status: 0, stdout: ""),
        // `civi test` writes to a fresh sandbox unless `--live` names the configured API first.
        .init(arguments: ["test", "FILE"], status: 0, stdout: nil, mentions: ["1 passed, 0 failed"]),
        .init(arguments: ["test", "--live", "FILE"], status: 1, stdout: nil,
              mentions: ["running against the live API http://127.0.0.1:9/api/v2 (profile dead", "127.0.0.1:9"]),
        .init(arguments: ["--profile", "p", "test", "FILE"], status: 2, stdout: "", mentions: ["add --live"]),
        .init(arguments: ["test", "FILE", "--args", "x", "--live"], status: 0, stdout: nil, mentions: ["[\"x\", \"--live\"]", "1 passed, 0 failed"]),
        .init(arguments: ["test", "FILE", "--dry-run"], status: 0, stdout: nil, mentions: [dry]),
        .init(arguments: ["--dry-run", "test", "--junit", "JUNIT", "FILE"], status: 0, stdout: nil, mentions: [dry]),
        // Usage errors exit 2.
        .init(arguments: ["--bogus", "FILE"], status: 2, stdout: "", mentions: ["unknown option '--bogus'"]),
        .init(arguments: ["run", "-n", "3", "FILE"], status: 2, stdout: "", mentions: ["unknown option '-n'"]),
        .init(arguments: ["run"], status: 2, stdout: "", mentions: ["missing the script path"]),
        .init(arguments: ["--dry-run", "--"], status: 2, stdout: "", mentions: ["expected a script path after '--'"]),
        .init(arguments: ["-e", "1", "FILE"], status: 2, stdout: "", mentions: ["unexpected argument"]),
        .init(arguments: ["--format", "xml", "FILE"], status: 2, stdout: "", mentions: ["unknown format 'xml'"]),
        .init(arguments: ["serve", "--decode-benchmark", "x"], status: 2, stdout: "", mentions: ["--decode-benchmark"]),
    ]

    @Test(arguments: placements)
    func placement(_ p: OptionPlacement) throws {
        let home = try CiviProcess.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/config/civi", withIntermediateDirectories: true)
        try """
        default_profile = "dead"
        [profiles.dead]
        base_url = "http://127.0.0.1:9/api/v2"
        retries = 0
        [profiles.p]
        base_url = "http://127.0.0.1:8/api/v2"
        retries = 0
        """.write(toFile: home + "/config/civi/config.toml", atomically: true, encoding: .utf8)
        let probe = home + "/probe.civi"
        try "print(args)\ncreate_advocate({email: \"probe@example.org\"})\n".write(toFile: probe, atomically: true, encoding: .utf8)
        let arguments = p.arguments.map { $0 == "FILE" ? probe : $0 == "JUNIT" ? home + "/junit.xml" : $0 }
        let env = CiviProcess.environment(home: home, extra: ["CIVICLICK_API_KEY": "test-key"])
        let out = try CiviProcess.run(arguments, input: p.input, environment: env, directory: home, timeout: 20)
        #expect(out.status == p.status, "\(out.all)")
        if let stdout = p.stdout { #expect(out.stdout == stdout, "\(out.all)") }
        for text in p.mentions { #expect(out.all.contains(text), "\(out.all)") }
        #expect(!out.all.contains("test-key"))
    }
}
