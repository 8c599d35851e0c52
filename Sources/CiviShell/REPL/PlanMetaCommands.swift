import CiviCore
import Synchronization

/// `:plan on|off|full` and `:apply`: a session plan, recorded while writes are held back and sent
/// by the executor `civi apply` uses.
extension MetaCommands {
    /// `:plan` shows the session plan; `:plan on` starts one; `:plan off` discards it; `:plan full` shows every write.
    func plan(_ argument: String) {
        let planning = session.planning
        switch argument {
        case "on", "true", "1":
            if planning.isPlanning { return out("already planning (\(planning.plannedCount) writes so far); :plan shows them\n") }
            if session.dryRun.isOn {
                session.dryRun.setOn(false)
                out("dry-run off: writes are planned instead\n")
            }
            planning.start(source: "repl")
            repl.sessionPlanProgress = nil
            out("planning: writes are recorded, not sent; :plan shows them, :apply sends them, :plan off discards them\n")
        case "off", "false", "0":
            guard planning.isPlanning else { return out("not planning\n") }
            let dropped = planning.stop()
            repl.sessionPlanProgress = nil
            out("plan discarded (\(dropped) write\(dropped == 1 ? "" : "s") not sent)\n")
        case "", "full":
            guard planning.isPlanning else { return out("not planning; :plan on records the writes of the following statements\n") }
            let writes = planning.plannedWrites()
            let resources = session.dryRun.resources
            out(PlanReport.summary(writes, resources: resources) + "\n"
                + PlanReport.diff(writes, resources: resources, limit: argument == "full" ? nil : Shell.diffRows,
                                  moreHint: ":plan full shows them all"))
        default:
            err(":plan takes on, off or full (or nothing, to show the plan)")
        }
    }

    /// `:apply`: sends the session plan (conflicting writes skipped), then stops planning. Ctrl-C
    /// stops it between writes; `:apply` again continues with the writes not yet done.
    func applySessionPlan() {
        let planning = session.planning
        guard planning.isPlanning else { return err("no plan to apply; :plan on records one") }
        let writes = planning.plannedWrites()
        let plan = Plan(id: Plan.randomToken(), created: Instant.now(), source: "repl",
                        target: session.connection.targetLabel, writes: writes)
        let progress = repl.sessionPlanProgress ?? ApplyProgress()
        repl.sessionPlanProgress = progress
        _ = Interrupts.take()
        let result = PlanApplier(plan: plan, host: session.sender, progress: progress,
                                 shouldStop: { interruptRequested.load(ordering: .relaxed) }).run()
        _ = Interrupts.take()
        out(Shell.applyReport(result, name: "the session plan"))
        if result.interrupted || result.stoppedBy != nil {
            if let why = result.stoppedBy { err("apply stopped: \(why)") }
            out("\(result.notStarted) write\(result.notStarted == 1 ? "" : "s") not sent; :apply continues, :plan off discards them\n")
            return
        }
        planning.stop()
        repl.sessionPlanProgress = nil
        out("planning off: writes are sent again\n")
    }
}
