import CiviCore
import CiviLang

/// `civi test`: each script runs in a fresh interpreter over one shared connection; a script
/// passes when it finishes without an error (every `assert` held).
struct TestRunner {
    let options: ShellOptions

    /// One script's outcome.
    struct Outcome {
        let path: String
        let seconds: Double
        let failure: Diagnostic?
    }

    /// Runs the tests and returns the exit code (1 when any failed, 2 when none were found).
    func run(paths: [String], junitPath: String?) -> Int32 {
        let files = discover(paths)
        guard !files.isEmpty else {
            Terminal.writeError("civi test: no test scripts found (looked for \(paths.isEmpty ? "tests/*.civi" : paths.joined(separator: ", ")))\n")
            return 2
        }
        let session = Session(options: options, scriptPath: nil, arguments: [], what: "test")
        defer { session.close() }
        var outcomes: [Outcome] = []
        for file in files {
            let started = SystemClock.monotonicSeconds()
            var failure: Diagnostic?
            do {
                let source = try FileText.read(file)
                session.resetInterpreter(scriptPath: file, arguments: [])
                failure = session.execute(source, name: file, display: false, reportErrors: false)
            } catch {
                failure = Diagnostic.fileError(message: "\(error)", file: file)
            }
            let outcome = Outcome(path: file, seconds: SystemClock.monotonicSeconds() - started, failure: failure)
            outcomes.append(outcome)
            let time = String(format3: outcome.seconds)
            if let d = failure {
                Terminal.writeOut("FAIL \(file) (\(time) s)\n")
                Terminal.writeOut(indent(d.render(color: false, terminal: Terminal.isTTY(1))) + "\n")
            } else {
                Terminal.writeOut("pass \(file) (\(time) s)\n")
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

/// JUnit XML for CI systems: one testsuite, one testcase per script.
enum JUnitReport {
    static func xml(_ outcomes: [TestRunner.Outcome]) -> String {
        let failures = outcomes.filter { $0.failure != nil }.count
        let total = outcomes.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuite name=\"civi\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(String(format3: total))\">\n"
        for o in outcomes {
            out += "  <testcase classname=\"civi\" name=\"\(escape(o.path))\" time=\"\(String(format3: o.seconds))\""
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
