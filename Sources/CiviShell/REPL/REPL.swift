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
    var quitRequested = false

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
        let prompt = "civi[\(session.connection.promptLabel)]> "
        var buffer = ""
        while !quitRequested {
            switch editor.read(prompt: buffer.isEmpty ? prompt : "...> ") {
            case .endOfInput:
                Terminal.writeOut("\n")
                quitRequested = true
            case .interrupted:
                if !buffer.isEmpty { Terminal.writeOut("\n") }
                buffer = ""
                Terminal.writeOut("\n")
            case .line(let line):
                if buffer.isEmpty, line.trimmingSpaces.hasPrefix(":") {
                    remember(line)
                    MetaCommands(repl: self).run(line.trimmingSpaces)
                    continue
                }
                buffer = buffer.isEmpty ? line : buffer + "\n" + line
                if buffer.trimmingSpaces.isEmpty { buffer = ""; continue }
                if session.interpreter.isIncomplete(buffer) { continue }
                let source = buffer
                buffer = ""
                remember(source)
                let writesBefore = session.journal.writeCount
                guard let failure = session.execute(source, name: "<repl>", display: true, interruptible: true) else {
                    successful.append(source)
                    continue
                }
                if case .interrupted = failure.kind, let run = session.journal.currentRun, run.writeCount > writesBefore {
                    let n = run.writeCount - writesBefore
                    Terminal.writeError("interrupted after \(n) write\(n == 1 ? "" : "s") (run \(run.id)); "
                                        + ":log shows them; :undo reverts them\n")
                }
            }
        }
        session.close()
        return 0
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
            let resources = session.connection.resourcesIfResolved ?? ResourceTable.civiClick
            var filters: [String: [String]] = [:]
            for r in resources.resources { filters[r.name] = r.filters.map(\.name) + ["sort"] }
            for sub in resources.subLists {
                filters[sub.name] = resources.listing(sub, parentID: "").map { $0.filters.map(\.name) + ["sort"] }
            }
            var variables: [String: Value] = [:]
            for (name, value) in session.interpreter.variables { variables[name] = value }
            return CompletionVocabulary(
                variables: variables,
                keywords: LanguageNames.keywords,
                builtins: LanguageNames.builtins,
                stages: LanguageNames.stages,
                apiFilters: filters,
                apiFunctions: LanguageNames.apiFunctions,
                metaCommands: MetaCommands.names,
                helpTopics: HelpCatalog.entries.map(\.name),
                workingDirectory: ProcessEnvironment.workingDirectory()
            )
        }
    }
}
