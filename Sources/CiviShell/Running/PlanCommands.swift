import CiviCore
import CiviLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Shell {
    /// How many writes a plan's diff shows unless `--full` asks for all.
    static let diffRows = 10

    /// `civi run --plan FILE [-o PLAN] [--full]`: runs the script with its writes recorded, not
    /// sent; prints what they would do and writes the plan file (`civi apply` sends it).
    public static func plan(_ path: String, arguments: [String], output: String?, full: Bool, options: ShellOptions) -> Int32 {
        let source: String
        do { source = try FileText.read(path) } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        let session = Session(options: options, scriptPath: path, arguments: arguments, what: "plan \(path)")
        defer { session.close() }
        session.planning.start(source: path == "-" ? "<stdin>" : path)
        if let d = session.execute(source, name: path == "-" ? "<stdin>" : path, display: false), !(d.isExit && d.exitCode == 0) {
            Terminal.writeError("civi: no plan written: the script did not finish\n")
            return Session.exitCode(for: d)
        }
        let writes = session.planning.plannedWrites()
        session.planning.stop()
        let plan = Plan(id: Plan.randomToken(), created: Instant.now(), source: path == "-" ? "<stdin>" : path,
                        target: session.connection.targetLabel, writes: writes)
        let destination = output ?? defaultPlanPath(forScript: path)
        do {
            // Plans hold records (names, emails): readable by their owner only.
            try FileText.write(try PlanFile.encode(plan), to: destination, mode: 0o600)
        } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 1
        }
        let resources = session.dryRun.resources
        var report = PlanReport.summary(writes, resources: resources) + "\n"
        report += PlanReport.diff(writes, resources: resources, limit: full ? nil : diffRows, moreHint: "--full shows them all")
        report += "plan written to \(destination) (\(writes.count) write\(writes.count == 1 ? "" : "s")); "
            + "civi apply \(destination) sends \(writes.count == 1 ? "it" : "them")\n"
        Terminal.writeOut(report)
        return 0
    }

    /// `script.civi` → `script.plan.json` in the working directory.
    static func defaultPlanPath(forScript path: String) -> String {
        if path == "-" { return "civi.plan.json" }
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".civi") { name.removeLast(5) }
        return name + ".plan.json"
    }

    /// `civi apply PLAN`: sends the plan's writes exactly once (conflicting ones are skipped),
    /// continuing an interrupted apply of the same plan from `PLAN.progress`.
    public static func apply(_ path: String, options: ShellOptions) -> Int32 {
        let plan: Plan
        do { plan = try PlanFile.decode(try FileText.read(path), name: path) } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        let session = Session(options: options, scriptPath: nil, arguments: [], what: "apply \(path)")
        defer { session.close() }
        let resources = session.dryRun.resources
        if session.dryRun.isOn {
            Terminal.writeOut(PlanReport.summary(plan.writes, resources: resources) + "\n"
                              + PlanReport.diff(plan.writes, resources: resources, limit: nil, moreHint: "")
                              + "dry run: nothing sent\n")
            return 0
        }
        let target = session.connection.targetLabel
        guard plan.target == target else {
            Terminal.writeError("civi: error: \(path) was made against \(plan.target), but civi is set to reach \(target); "
                                + "apply it with the settings that made it (--profile, --base-url)\n")
            return 2
        }
        let progress: ApplyProgress
        do { progress = try ApplyProgress(path: path + ".progress", planID: plan.id) } catch {
            Terminal.writeError("civi: error: \(error)\n")
            return 2
        }
        StopSignals.install()
        let result = PlanApplier(plan: plan, host: session.sender, progress: progress,
                                 shouldStop: { StopSignals.received != 0 }).run()
        Terminal.writeOut(applyReport(result, name: path))
        if result.interrupted {
            let signal = StopSignals.received
            Terminal.writeError("apply interrupted with \(result.notStarted) of \(plan.writes.count) writes not sent; "
                                + "civi apply \(path) continues from there\n")
            return 128 + (signal == 0 ? SIGINT : signal)
        }
        if let why = result.stoppedBy {
            Terminal.writeError("apply stopped: \(why)\n\(result.notStarted) of \(plan.writes.count) writes not done; "
                                + "civi apply \(path) checks the last one and continues\n")
            return 1
        }
        return result.conflicts.isEmpty && result.failed.isEmpty && result.skipped.isEmpty ? 0 : 1
    }

    /// `applied PLAN: created …` and a line per conflict, skip and failure.
    static func applyReport(_ r: PlanApplier.Result, name: String) -> String {
        var out = "applied \(name): \(r.counts)\n"
        for c in r.conflicts { out += "conflict (left untouched): \(c)\n" }
        for s in r.skipped { out += "skipped: \(s)\n" }
        for f in r.failed { out += "failed: \(f)\n" }
        return out
    }
}
