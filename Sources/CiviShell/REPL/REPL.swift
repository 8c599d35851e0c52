import CiviCore
import CiviJournal
import CiviLang

/// The interactive shell: prompt, multi-line input, history, completion, meta-commands, and
/// Ctrl-C that cancels the running statement but keeps the session.
final class REPL {
    let session: Session
    let editor: LineEditor
    /// Statements that ran without error, for `:save`.
    var successful: [String] = []
    /// The entry of `successful` whose value `_` holds, while that is so (a `| …` line continues it).
    private var lastResultEntry: Int?
    /// Indices into `successful` of statements whose writes were held back (dry-run or plan).
    var withheld: Set<Int> = []
    var quitRequested = false
    /// How far `:apply` got with the session plan, so an interrupted `:apply` continues.
    var sessionPlanProgress: ApplyProgress?

    init(options: ShellOptions) {
        session = Session(options: options, scriptPath: nil, arguments: [], what: "repl")
        let paths = CiviPaths(environment: session.environment)
        let vocabulary = REPL.vocabularyProvider(session)
        editor = LineEditor(historyFile: paths.historyFile) { line, start, end in
            Completer.complete(line: line, wordStart: start, cursor: end, vocabulary: vocabulary())
        }
    }

    /// Runs until Ctrl-D or `:quit`; returns the exit code.
    func run() -> Int32 {
        Interrupts.install()
        Terminal.writeOut(banner())
        let label = session.connection.promptLabel
        var buffer = ""
        // The statement being read began with `|` (it runs as `_ | …`).
        var piped = false
        while !quitRequested {
            switch editor.read(prompt: buffer.isEmpty ? "civi[\(label)\(writeModeMark)]> " : "...> ") {
            case .endOfInput:
                Terminal.writeOut("\n")
                quitRequested = true
            case .interrupted:
                if !buffer.isEmpty { Terminal.writeOut("\n") }
                buffer = ""
                piped = false
                Terminal.writeOut("\n")
            case .line(let line):
                if buffer.isEmpty, line.trimmingSpaces.hasPrefix(":") {
                    remember(line)
                    MetaCommands(repl: self).run(line.trimmingSpaces)
                    continue
                }
                if buffer.isEmpty {
                    switch ContinuationLine(line) {
                    case .orphan(let keyword):
                        remember(line)
                        session.report(ContinuationLine.orphanError(keyword, line: line))
                        continue
                    case .pipe:
                        guard hasLastResult else {
                            remember(line)
                            Terminal.writeError("error: no result to pipe yet: a line starting with `|` continues the last value shown (`_`)\n")
                            continue
                        }
                        buffer = ContinuationLine.piped(line)
                        piped = true
                    case .none:
                        buffer = line
                        piped = false
                    }
                } else {
                    buffer += "\n" + line
                }
                if buffer.trimmingSpaces.isEmpty { buffer = ""; continue }
                if session.interpreter.isIncomplete(buffer) { continue }
                let source = buffer
                buffer = ""
                remember(source)
                runStatement(source, piped: piped)
            }
        }
        session.close()
        return 0
    }

    /// Runs one complete statement (`piped`: typed as a `| …` line); a value it shows becomes `_`.
    private func runStatement(_ source: String, piped: Bool) {
        let continued = lastResultEntry
        let writesBefore = session.journal.writeCount
        if let failure = session.execute(source, name: "<repl>", display: true, interruptible: true) {
            if case .interrupted = failure.kind, let run = session.journal.currentRun, run.writeCount > writesBefore {
                let n = run.writeCount - writesBefore
                Terminal.writeError("interrupted after \(n) write\(n == 1 ? "" : "s") (run \(run.id)); "
                                    + ":log shows them; :undo reverts them\n")
            }
            return
        }
        let producerKept = ContinuationLine.mentionsLastResult(source) && keepProducer(continued)
        if piped && !producerKept {
            Terminal.writeError("note: `:save` leaves this line out: the value it continues did not come from one saved expression\n")
        } else {
            keepSuccessful(source)
        }
        if let shown = session.lastShown {
            session.interpreter.setVariable("_", to: shown)
            lastResultEntry = successful.last == source ? successful.count - 1 : nil
        }
    }

    /// For `:save`: the statement whose value a later one reads as `_` (a `| …` line, `_ + 1`) is
    /// saved as `_ = …`, so the script binds `_` as the session did. False when that cannot be done.
    private func keepProducer(_ entry: Int?) -> Bool {
        guard let entry, entry < successful.count else { return false }
        let producer = successful[entry]
        if producer.hasPrefix("_ = ") { return true }
        guard session.interpreter.isSingleExpression(producer) else { return false }
        successful[entry] = "_ = " + producer
        return true
    }

    private var hasLastResult: Bool { session.interpreter.variables.contains { $0.name == "_" } }

    /// ` dry` or ` plan` while writes are not sent, so the prompt always says so.
    private var writeModeMark: String {
        if session.dryRun.isOn { return " dry" }
        return session.planning.isPlanning ? " plan" : ""
    }

    /// Keeps a statement that just ran without error for `:save`, noting whether its writes were held back.
    func keepSuccessful(_ source: String) {
        if session.lastStatementWithheldWrites { withheld.insert(successful.count) }
        successful.append(source)
    }

    /// Adds to history unless the entry holds the API key.
    func remember(_ entry: String) {
        if mayKeep(entry) { editor.remember(entry) }
    }

    /// The one rule for what the session writes down (history, `:save`): nothing that holds the API key.
    func mayKeep(_ text: String) -> Bool { !session.connection.containsSecret(text) }

    private func banner() -> String {
        "civi \(civiVersion) — \(session.connection.modeDescription)\n" +
            "Type an expression (e.g. `campaigns()`), `:help` for help, Ctrl-D to leave.\n"
    }

    private static func vocabularyProvider(_ session: Session) -> () -> CompletionVocabulary {
        { [unowned session] in
            var variables: [String: Value] = [:]
            for (name, value) in session.interpreter.variables { variables[name] = value }
            return CompletionVocabulary(resources: session.connection.resourcesIfResolved ?? ResourceTable.civiClick,
                                        variables: variables, workingDirectory: ProcessEnvironment.workingDirectory())
        }
    }
}
