import CiviSandbox
import CiviTestSupport
import Foundation

/// Runs one corpus program three ways — civi itself, the exported Python and the exported
/// JavaScript — each against its own fresh sandbox with the same seed, and reports what each
/// printed and the records each left on the server.
struct ExportHarness {
    /// A run's result: standard output (the run's temporary folder shown as `$TMPDIR`) and the
    /// normalised server state.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var state: [String]
    }

    /// The languages a program is exported to, with the command that runs the file.
    enum Language: String, CaseIterable {
        case python, js
        var command: String { self == .python ? "python3" : "node" }
        var fileExtension: String { self == .python ? "py" : "mjs" }
    }

    /// Small and fixed: every run of a program starts from the same records.
    static func options(failRate: Double = 0, dbPath: String? = nil) -> SandboxOptions {
        SandboxOptions(dbPath: dbPath, apiKey: "sk_sandbox_exportcorpus_secret", seed: 7, campaigns: 8, advocates: 200,
                       actions: 600, failRate: failRate)
    }

    /// Every corpus program: `Tests/ExportCorpus`, the shared scenarios and the examples.
    static let programs: [String] = {
        let fm = FileManager.default
        var out: [String] = []
        for dir in [Repository.root + "/Tests/ExportCorpus", Repository.scenarios, Repository.examples] {
            let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            out += names.filter { $0.hasSuffix(".civi") }.sorted().map { dir + "/" + $0 }
        }
        return out
    }()

    /// Programs whose output holds the current time (masked before comparing).
    static let timeDependent: Set<String> = ["tag_inactive_advocates"]

    let home: String
    let seedIDs: Set<String>

    /// Starts a pristine sandbox once to learn the seeded ids (new records' ids are random).
    static func make() async throws -> ExportHarness {
        let home = try CiviProcess.temporaryHome()
        let sandbox = try await TestSandbox.start(options())
        defer { Task { await sandbox.stop() } }
        let dump = try ExportHarness.dump(sandbox, home: home)
        let ids = Set(dump.matches(of: #/"((?:cmp|act|adv)_[A-Za-z0-9]+)"/#).map { String($0.1) })
        await sandbox.stop()
        return ExportHarness(home: home, seedIDs: ids)
    }

    /// True when the program calls a function that writes (create, update, delete, raw writes).
    static func writes(_ path: String) throws -> Bool {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        return source.contains(#/\b(create_\w+|update|delete|post|put|patch|request)\(/#)
    }

    static func name(_ path: String) -> String { String(path.split(separator: "/").last!.dropLast(5)) }

    /// The civi run of `path` against `sandbox`.
    func runCivi(_ path: String, on sandbox: TestSandbox) throws -> Run {
        let tmp = try CiviProcess.temporaryHome()
        let out = try CiviProcess.run(sandbox.arguments + ["run", path],
                                      environment: CiviProcess.environment(home: home, extra: sandbox.keyEnvironment.merging(["TMPDIR": tmp]) { $1 }),
                                      directory: directory(of: path))
        return Run(status: out.status, stdout: shown(out.stdout, tmp: tmp, path: path), stderr: out.stderr, state: [])
    }

    /// Exports `path` to `language` (a file in a fresh folder) and returns the file's path.
    func export(_ path: String, to language: Language) throws -> (file: String, output: CiviProcess.Output) {
        try export(path, target: language.rawValue, fileExtension: language.fileExtension)
    }

    /// Exports `path` with `civi export --to target` into a fresh folder.
    func export(_ path: String, target: String, fileExtension: String) throws -> (file: String, output: CiviProcess.Output) {
        let file = try CiviProcess.temporaryHome() + "/" + ExportHarness.name(path) + "." + fileExtension
        let out = try CiviProcess.run(["export", "--to", target, path, "-o", file],
                                      environment: CiviProcess.environment(home: home, extra: ["CIVICLICK_API_KEY": "sk_sandbox_exportcorpus_secret"]))
        return (file, out)
    }

    /// Runs an exported program against `sandbox`.
    func runExported(_ file: String, language: Language, source path: String, baseURL: String, apiKey: String) throws -> Run {
        try run(language.command, [file], source: path, baseURL: baseURL, apiKey: apiKey)
    }

    /// Runs `command` (an interpreter with the exported file, or a compiled program) against the server at `baseURL`.
    func run(_ command: String, _ arguments: [String], source path: String, baseURL: String, apiKey: String) throws -> Run {
        let tmp = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home, extra: [
            "CIVICLICK_BASE_URL": baseURL, "CIVICLICK_API_KEY": apiKey, "TMPDIR": tmp, "CIVICLICK_RETRY_WAIT_CAP": "0.02",
        ])
        let out = try ExternalProgram.run(command, arguments, environment: env, directory: directory(of: path), timeout: 120)
        return Run(status: out.status, stdout: shown(out.stdout, tmp: tmp, path: path), stderr: out.stderr, state: [])
    }

    private func directory(of path: String) -> String { String(path[..<path.lastIndex(of: "/")!]) }

    private func shown(_ stdout: String, tmp: String, path: String) -> String {
        var s = stdout.replacingOccurrences(of: tmp, with: "$TMPDIR")
        if ExportHarness.timeDependent.contains(ExportHarness.name(path)) {
            s = s.replacing(#/\d{4}-\d\d-\d\dT[0-9:.]+Z/#, with: "<now>")
        }
        return s
    }

    /// Every record of the sandbox as JSON text (via civi, which is tested on its own).
    static func dump(_ sandbox: TestSandbox, home: String) throws -> String {
        let out = try sandbox.evaluate("{campaigns: campaigns() | collect, advocates: advocates() | collect, actions: actions() | collect}", home: home)
        guard out.status == 0 else { throw DumpFailed(message: out.stderr) }
        return out.stdout
    }

    struct DumpFailed: Error { let message: String }

    /// The sandbox's records, comparable between runs: timestamps dropped, ids of records the
    /// run created (random) and the second stamps scripts put in names replaced by placeholders,
    /// one canonical line per record, sorted.
    func state(of sandbox: TestSandbox) throws -> [String] {
        let text = try ExportHarness.dump(sandbox, home: home)
        guard let all = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [text] }
        var lines: [String] = []
        for (resource, value) in all {
            for record in value as? [[String: Any]] ?? [] {
                let clean = normalised(record)
                let data = try JSONSerialization.data(withJSONObject: clean, options: [.sortedKeys])
                lines.append(resource + " " + String(decoding: data, as: UTF8.self))
            }
        }
        return lines.sorted()
    }

    private func normalised(_ v: Any) -> Any {
        if let r = v as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, x) in r where !k.hasSuffix("_at") { out[k] = normalised(x) }
            return out
        }
        if let l = v as? [Any] { return l.map(normalised) }
        if let s = v as? String {
            if s.wholeMatch(of: #/(cmp|act|adv)_[A-Za-z0-9]+/#) != nil, !seedIDs.contains(s) { return "<new id>" }
            return s.replacing(#/\d{9,}/#, with: "<stamp>")
        }
        return v
    }
}
