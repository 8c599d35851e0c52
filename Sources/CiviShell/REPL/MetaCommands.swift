import CiviCore
import CiviExport
import CiviJournal
import CiviLang

/// The REPL's `:commands`.
struct MetaCommands {
    let repl: REPL

    /// Every meta-command, for completion and `:help`.
    static let names = [":help", ":vars", ":history", ":load", ":save", ":export", ":curl", ":verbose", ":last", ":format", ":dry",
                        ":plan", ":apply", ":time", ":config", ":log", ":undo", ":quit"]

    var session: Session { repl.session }

    /// Runs one meta-command line (starting with `:`).
    func run(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let command = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingSpaces : ""
        switch command {
        case ":help", ":h", ":?": out(HelpText.render(topic: argument.isEmpty ? nil : argument, width: Terminal.width(1)))
        case ":vars": vars()
        case ":history":
            for (i, e) in repl.editor.entries().enumerated() { out("\(i + 1)  \(TerminalText.visible(e))\n") }
        case ":load": load(argument)
        case ":save": save(argument)
        case ":export": export(argument)
        case ":curl":
            switch RequestCommands(session: session).curl(argument) {
            case .success(let text): out(text)
            case .failure(let e): err(e.message)
            }
        case ":verbose":
            if !argument.isEmpty, onOff(argument) == nil { return err(":verbose takes on or off") }
            out(RequestCommands(session: session).verbose(onOff(argument)))
        case ":last": out((session.connection.lastRequestSummary() ?? "no request has been sent yet") + "\n")
        case ":format":
            if argument.isEmpty { out("format: \(session.format.rawValue)\n"); return }
            guard let f = OutputFormat(rawValue: argument) else { return err(":format takes table, json, csv or ndjson") }
            session.format = f
        case ":dry":
            guard let on = onOff(argument) else { return out("dry-run: \(session.dryRun.isOn ? "on" : "off")\n") }
            if on && session.planning.isPlanning {
                return err("a plan is being recorded (writes are not sent); :apply sends it, :plan off discards it")
            }
            session.dryRun.setOn(on)
            out("dry-run \(on ? "on: writes are printed, not sent" : "off: writes are sent")\n")
        case ":plan": plan(argument)
        case ":apply": applySessionPlan()
        case ":time":
            guard let on = onOff(argument) else { return out("timing: \(session.timing ? "on" : "off")\n") }
            session.timing = on
        case ":config": out(session.connection.configurationSummary() + "\n")
        case ":log": log()
        case ":undo": undo(argument)
        case ":quit", ":q", ":exit": repl.quitRequested = true
        default:
            err("unknown command \(command); try :help")
        }
    }

    private func onOff(_ s: String) -> Bool? {
        switch s {
        case "on", "true", "1": true
        case "off", "false", "0": false
        default: nil
        }
    }

    private func vars() {
        let vars = session.interpreter.variables
        if vars.isEmpty { return out("no variables yet\n") }
        let rows: [Value] = vars.map { name, value in
            var summary = ValueFormat.repr(value)
            if summary.count > 60 { summary = String(summary.prefix(59)) + "…" }
            return .record(Record([("name", .string(name)), ("type", .string(value.typeName)), ("value", .string(summary))]))
        }
        out(TableRenderer(maxWidth: Terminal.width(1), color: session.stdoutColor).render(rows, footer: nil) + "\n")
    }

    private func load(_ path: String) {
        guard !path.isEmpty else { return err(":load needs a file") }
        do {
            let source = try FileText.read(path)
            if session.execute(source, name: path, display: false, interruptible: true) == nil {
                repl.keepSuccessful(source)
            }
        } catch {
            err("\(error)")
        }
    }

    private func save(_ path: String) {
        guard !path.isEmpty else { return err(":save needs a file") }
        var lines = ["# Saved from a civi session."]
        var kept = 0, commented = 0, left = 0
        for (i, statement) in repl.successful.enumerated() {
            guard repl.mayKeep(statement) else { left += 1; continue }
            kept += 1
            if repl.withheld.contains(i) {
                // Saved as it ran: not sent. Running the file must not turn a dry run into real writes.
                commented += 1
                lines.append("# Not sent in the session (dry run or plan); remove the leading \"# \" to send it:")
                lines += statement.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
            } else {
                lines.append(statement)
            }
        }
        do {
            try FileText.write(lines.joined(separator: "\n") + "\n", to: path)
            var note = "saved \(kept) statement\(kept == 1 ? "" : "s") to \(path)"
            if left > 0 { note += " (\(left) left out: \(left == 1 ? "it holds" : "they hold") the API key)" }
            if commented > 0 {
                note += "; \(commented) saved as comment\(commented == 1 ? "" : "s"): \(commented == 1 ? "its" : "their") writes were not sent"
            }
            out(note + "\n")
        } catch {
            err("\(error)")
        }
    }

    /// `:export LANGUAGE [all] [FILE]`: the last successful statement, or all of them, as a program.
    private func export(_ argument: String) {
        var words = argument.split(separator: " ").map(String.init)
        guard let name = words.first, let target = ExportTarget(named: name) else {
            return err(":export takes a language (\(ExportTarget.namesForUsage)): :export python [all] [FILE]")
        }
        words.removeFirst()
        let everything = words.first == "all"
        if everything { words.removeFirst() }
        let kept = repl.successful.filter(repl.mayKeep)
        guard let last = kept.last else { return err("no statement has run yet") }
        let source = everything ? kept.joined(separator: "\n") : last
        let program: String
        do {
            program = try Exporter.export(source, name: everything ? "<session>" : "<repl>", to: target, mode: .expression)
        } catch {
            var text = error.render(color: session.stderrColor, terminal: Terminal.isTTY(2))
            if !everything, error.message.hasPrefix("unknown name") { text += "\n(the statement uses earlier ones: try `:export \(name) all`)" }
            return Terminal.writeError(text + "\n")
        }
        guard let path = words.first else { return out(program) }
        do {
            try FileText.write(program, to: path, mode: 0o755)
            out("exported \(everything ? "\(kept.count) statements" : "the last statement") to \(path)\n")
        } catch {
            err("\(error)")
        }
    }

    /// `:log`: the writes of this session's run.
    private func log() {
        guard let run = session.journal.currentRun else {
            return out(session.options.noJournal ? "the journal is off (--no-journal)\n" : "no writes in this session yet\n")
        }
        do {
            let writes = try run.store.writes(of: run.id)
            out(RunLogView.writes(of: run.info, writes, json: false, width: Terminal.width(1), color: session.stdoutColor))
        } catch {
            err("\(error)")
        }
    }

    /// `:undo [--dry-run] [--force]`: reverts the writes of the last statement that wrote.
    private func undo(_ argument: String) {
        let flags = argument.split(separator: " ").map(String.init)
        if let unknown = flags.first(where: { $0 != "--dry-run" && $0 != "--force" }) {
            return err(":undo takes --dry-run and --force, not \(unknown)")
        }
        guard let run = session.journal.currentRun, let range = session.lastWrites else {
            return out("nothing to undo: no statement of this session has written\(session.options.noJournal ? " (the journal is off)" : "")\n")
        }
        do {
            let writes = try run.store.writes(of: run.id, from: range.lowerBound).filter { range.contains($0.seq) }
            let dryRun = flags.contains("--dry-run")
            let summary = session.undo(writes, dryRun: dryRun, force: flags.contains("--force"))
            out(summary.lines(verbose: dryRun))
            out(summary.headline(of: "the last statement (writes \(range.lowerBound)–\(range.upperBound) of run \(run.id))", undoRun: nil) + "\n")
        } catch {
            err("\(error)")
        }
    }

    func out(_ s: String) { Terminal.writeOut(s) }
    func err(_ s: String) { Terminal.writeError("error: \(s)\n") }
}
