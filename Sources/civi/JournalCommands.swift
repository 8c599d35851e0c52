import ArgumentParser
import CiviShell

/// `civi log [RUN] [--json]`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List recent runs that wrote, or one run's writes (field by field).")

    @ParentCommand var root: CiviCommand
    @Argument(help: ArgumentHelp("A run id (r_…, or its start) to show its writes.", valueName: "run")) var runID: String?
    @Flag(help: "JSON instead of a table.") var json = false
    @Option(help: "How many recent runs to list.") var limit = 20
    @OptionGroup var global: OptionsAfterSubcommand

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    mutating func run() throws {
        let code = Shell.log(run: runID, json: json, limit: limit, options: try ShellOptions(root.global, global))
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi undo RUN [--dry-run] [--force]`.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert a run's writes, newest first (fields it changed, records it created or deleted).",
        discussion: """
        Each record is read again first: a field that no longer holds what the run wrote is a \
        conflict and is left alone (--force reverts it anyway). Deleted records are re-created with \
        new ids. The undo is itself a run in the journal, so it can be undone too. \
        --dry-run shows what would be done without sending any write.
        """)

    @ParentCommand var root: CiviCommand
    @Argument(help: ArgumentHelp("The run to undo (r_…, as civi log shows it).", valueName: "run")) var runID: String
    @Flag(help: "Revert fields even where they changed since the run, and undo a run still going or on another API.")
    var force = false
    @OptionGroup var global: OptionsAfterSubcommand

    mutating func run() throws {
        let options = try ShellOptions(root.global, global)
        // `--dry-run` is a global option: here it means "show what undo would do".
        let code = Shell.undo(run: runID, dryRun: options.connection.dryRun, force: force, options: options)
        if code != 0 { throw ExitCode(code) }
    }
}
