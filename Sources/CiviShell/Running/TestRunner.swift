import CiviClient
import CiviCore
import CiviLang

/// `civi test`: each script runs in a fresh interpreter and, unless `live`, against a fresh
/// in-memory sandbox (seed 1, dates anchored at 2026-01-01), so tests never touch real data and
/// see the same records every run. A script with top-level `fn test_*()` functions is one case
/// per function (run after the script's top level, in source order); otherwise the script is
/// one case, passing when it finishes without an error (every `assert` held).
struct TestRunner {
    let options: ShellOptions
    /// Run against the configured API (profile, base URL, key) instead of a fresh sandbox.
    let live: Bool
    /// `args` of every script.
    let arguments: [String]

    /// The anchor of the test sandbox's seed dates: 2026-01-01T00:00:00Z, so expectations about
    /// dates hold on any day.
    static let sandboxAnchorMs: Int64 = 1_767_225_600_000

    /// One case's outcome.
    struct Outcome {
        let path: String
        /// The `test_*` function, or nil when the whole script is the case.
        let function: String?
        let seconds: Double
        let failure: Diagnostic?

        /// `file` or `file::test_name`.
        var label: String { function.map { "\(path)::\($0)" } ?? path }
    }

    /// Runs the tests and returns the exit code (1 when any failed, 2 when none were found or the
    /// target is not allowed).
    func run(paths: [String], junitPath: String?) -> Int32 {
        let files = discover(paths)
        guard !files.isEmpty else {
            Terminal.writeError("civi test: no test scripts found (looked for \(paths.isEmpty ? "tests/*.civi" : paths.joined(separator: ", ")))\n")
            return 2
        }
        guard let sessionOptions = announceTarget() else { return 2 }
        var outcomes: [Outcome] = []
        for file in files {
            let session = Session(options: sessionOptions, scriptPath: file, arguments: arguments, what: "test \(file)")
            defer { session.close() }
            for outcome in runFile(file, in: session) {
                outcomes.append(outcome)
                report(outcome)
            }
        }
        let failed = outcomes.filter { $0.failure != nil }.count
        Terminal.writeOut("\(outcomes.count - failed) passed, \(failed) failed\n")
        if let junitPath {
            do {
                try FileText.write(JUnitReport.xml(outcomes), to: junitPath)
            } catch {
                Terminal.writeError("civi test: error: \(error)\n")
                return 2
            }
        }
        return failed > 0 ? 1 : 0
    }

    /// The options the scripts run with; with `--live`, first says which API they will reach.
    /// Nil (after a message) when a connection flag asks for a real API without `--live`.
    private func announceTarget() -> ShellOptions? {
        var o = options
        guard live else {
            if o.connection.profile != nil || o.connection.baseURL != nil {
                let named = o.connection.baseURL.map { "--base-url \($0)" } ?? "--profile \(o.connection.profile ?? "")"
                Terminal.writeError("civi test: error: tests run against a fresh sandbox; \(named) names a real API\n"
                                    + "hint: add --live to run them against it (their writes are real)\n")
                return nil
            }
            o.connection.sandbox = true
            o.sandboxInMemory = true
            o.sandboxAnchorMs = Self.sandboxAnchorMs
            return o
        }
        let connection = Connection(options: o, environment: ProcessEnvironment.current())
        do {
            let s = try connection.settings()
            let target = s.mode == .sandbox
                ? "the embedded sandbox (\(s.sandboxDatabasePath))"
                : "the live API \(s.baseURL ?? "?") (profile \(s.profile), key from \(s.keySource))"
            Terminal.writeOut("civi test: running against \(target)\n")
        } catch {
            Terminal.writeError("civi test: error: \(error)\n")
            return nil
        }
        return o
    }

    /// The outcomes of one script: its top level, then each of its `test_*` functions.
    private func runFile(_ file: String, in session: Session) -> [Outcome] {
        let started = SystemClock.monotonicSeconds()
        let source: String
        do {
            source = try FileText.read(file)
        } catch {
            return [Outcome(path: file, function: nil, seconds: 0, failure: Diagnostic.fileError(message: "\(error)", file: file))]
        }
        let setup = session.execute(source, name: file, display: false, reportErrors: false)
        let cases = Interpreter.testCaseNames(in: source, name: file)
        if setup != nil || cases.isEmpty {
            return [Outcome(path: file, function: nil, seconds: SystemClock.monotonicSeconds() - started, failure: setup)]
        }
        return cases.map { name in
            let began = SystemClock.monotonicSeconds()
            let failure = session.execute("\(name)()", name: "\(file)::\(name)", display: false, reportErrors: false)
            return Outcome(path: file, function: name, seconds: SystemClock.monotonicSeconds() - began, failure: failure)
        }
    }

    private func report(_ outcome: Outcome) {
        let time = String(format3: outcome.seconds)
        if let d = outcome.failure {
            Terminal.writeOut("FAIL \(outcome.label) (\(time) s)\n")
            Terminal.writeOut(indent(d.render(color: false, terminal: Terminal.isTTY(1))) + "\n")
        } else {
            Terminal.writeOut("pass \(outcome.label) (\(time) s)\n")
        }
    }

    /// The scripts named: files as given, directories' `*.civi`, default `tests/*.civi`.
    func discover(_ paths: [String]) -> [String] {
        let roots = paths.isEmpty ? ["tests"] : paths
        var out: [String] = []
        for p in roots {
            if Directories.isDirectory(p) {
                out += FileText.list(p).filter { $0.hasSuffix(".civi") }.map { p + "/" + $0 }
            } else if !paths.isEmpty {
                out.append(p)
            }
        }
        return out
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

/// JUnit XML for CI systems: one testsuite, one testcase per case (the script is the class).
enum JUnitReport {
    static func xml(_ outcomes: [TestRunner.Outcome]) -> String {
        let failures = outcomes.filter { $0.failure != nil }.count
        let total = outcomes.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuite name=\"civi\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(String(format3: total))\">\n"
        for o in outcomes {
            out += "  <testcase classname=\"\(escape(o.path))\" name=\"\(escape(o.function ?? o.path))\" time=\"\(String(format3: o.seconds))\""
            if let d = o.failure {
                out += ">\n    <failure message=\"\(escape(d.message))\">\(escape(d.render(color: false)))</failure>\n  </testcase>\n"
            } else {
                out += "/>\n"
            }
        }
        return out + "</testsuite>\n"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if c.value < 0x20 && c != "\n" && c != "\t" && c != "\r" { out += "?" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
