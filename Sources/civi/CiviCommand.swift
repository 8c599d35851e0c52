import ArgumentParser
import CiviCore
import CiviShell

/// `civi`: global options, then a subcommand; with none, `ShellCommand` (the REPL, `-e`, piped
/// standard input or `civi FILE ARGS...`). Because that default passes through everything from the
/// first word that is neither a subcommand nor one of these options, global options work before
/// any subcommand and before a script path, and a script's arguments are never parsed as civi's.
struct CiviCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civi",
        abstract: "A shell for the CiviClick 2.0 API: explore, script and automate.",
        usage: """
        civi [<options>]
        civi [<options>] -e <source>
        civi [<options>] [run] <file> [<args> ...]
        civi [<options>] <subcommand>
        """,
        discussion: """
        With no arguments on a terminal, starts the interactive shell. `civi FILE [ARGS...]` runs a \
        script (same as `civi run`). Piped standard input runs as a script. With no API key \
        configured, civi works against its embedded sandbox. civi's options go before a script's \
        path; everything after the path is the script's (`args`).
        """,
        version: civiVersion,
        subcommands: [ShellCommand.self, RunCommand.self, ApplyCommand.self, CheckCommand.self, TestCommand.self, ServeCommand.self,
                      ExportCommand.self, LogCommand.self, UndoCommand.self],
        defaultSubcommand: ShellCommand.self
    )

    @Option(name: [.customShort("e"), .customLong("eval")], help: "Evaluate this source and print its value.")
    var eval: String?

    @OptionGroup var global: OptionsBeforeSubcommand
}

/// What `civi` does without a subcommand: `-e`, a script path and its arguments, piped standard
/// input, or the REPL on a terminal.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell", abstract: "The interactive shell, `-e`, or a script.", shouldDisplay: false)

    @ParentCommand var root: CiviCommand
    @Argument(parsing: .captureForPassthrough, help: "A script, then its arguments (`args`).")
    var script: [String] = []

    /// Its usage errors are reported with the root command's usage (see main):
    /// `civi shell` is never what the user typed.
    mutating func run() throws {
        if root.eval != nil, let first = script.first {
            throw ScriptUsageError("unexpected argument '\(first)' after -e (it takes no script)")
        }
        let invocation = try ScriptInvocation(script)
        let options = try ShellOptions(root.global)
        let code: Int32
        if let source = root.eval {
            code = Shell.evaluate(source, options: options)
        } else if let invocation {
            code = Shell.runFile(invocation.path, arguments: invocation.arguments, options: options)
        } else if !Terminal.isTTY(0) {
            code = Shell.runStandardInput(options: options)
        } else {
            code = Shell.repl(options: options)
        }
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi run FILE [ARGS...]`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a script; its arguments are `args` in the script.")

    @ParentCommand var root: CiviCommand
    @OptionGroup var global: OptionsAfterSubcommand
    @Flag(help: "Send no writes: record them in a plan file for `civi apply`, and show what they would change.")
    var plan = false
    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("With --plan: the plan file to write (default: the script's name with .plan.json).", valueName: "plan"))
    var output: String?
    @Flag(help: "With --plan: show every planned write, not only the first 10.")
    var full = false
    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("The script (`-` for standard input), then the arguments passed to it as `args`.",
                                 valueName: "file"))
    var script: [String] = []

    func validate() throws {
        // Passed through with the rest, so asked for here (`civi run FILE --help` is the script's).
        if let first = script.first, first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
        if root.eval != nil { throw ValidationError("-e goes without `run`: civi -e SOURCE") }
        if !plan && (output != nil || full) { throw ValidationError("-o and --full go with --plan: civi run --plan [-o PLAN] [--full] FILE") }
        if plan && (root.global.dryRun || global.dryRun) {
            throw ValidationError("--plan and --dry-run do not go together: a plan already sends nothing")
        }
        do {
            guard try ScriptInvocation(script) != nil else { throw ValidationError("missing the script path: civi run FILE [ARGS...]") }
        } catch let error as ScriptUsageError {
            throw ValidationError(error.message)
        }
    }

    mutating func run() throws {
        guard let invocation = try ScriptInvocation(script) else { return }
        let options = try ShellOptions(root.global, global)
        let code = plan
            ? Shell.plan(invocation.path, arguments: invocation.arguments, output: output, full: full, options: options)
            : Shell.runFile(invocation.path, arguments: invocation.arguments, options: options)
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi apply PLAN`.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Send the writes of a plan made by `civi run --plan`, skipping any whose record changed since.",
        discussion: """
        Each update or delete first re-reads its record: when a field the plan touches no longer holds \
        the value the plan saw, that write is skipped and reported as a conflict. Progress is kept in \
        PLAN.progress: after an interruption, running apply again continues after the last confirmed \
        write and never creates a record twice. With --dry-run, shows the plan and sends nothing.
        """)

    @ParentCommand var root: CiviCommand
    @Argument(help: "The plan file.") var planFile: String
    @OptionGroup var global: OptionsAfterSubcommand

    mutating func run() throws {
        let code = Shell.apply(planFile, options: try ShellOptions(root.global, global))
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi check FILE...`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check scripts for syntax errors and unknown names without running them.")

    @ParentCommand var root: CiviCommand
    @Argument(help: "Scripts to check.") var files: [String]
    @OptionGroup var global: OptionsAfterSubcommand

    mutating func run() throws {
        let code = Shell.check(files, options: try ShellOptions(root.global, global))
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi test [PATHS...]`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run scripts as tests (default: tests/*.civi) against a fresh sandbox and report pass/fail.")

    @ParentCommand var root: CiviCommand
    @Argument(help: "Test scripts or directories (default: tests/*.civi).") var paths: [String] = []
    @Option(help: "Also write a JUnit XML report to this file.") var junit: String?
    @Flag(help: "Run against the configured API (profile, base URL, key) instead of a fresh in-memory sandbox; says which first.")
    var live = false
    @Option(name: .customLong("args"), parsing: .remaining,
            help: ArgumentHelp("Everything after --args becomes every script's `args`.", valueName: "arg"))
    var scriptArguments: [String] = []
    @OptionGroup var global: OptionsAfterSubcommand

    mutating func run() throws {
        let code = Shell.test(paths, junit: junit, live: live, arguments: scriptArguments,
                              options: try ShellOptions(root.global, global))
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi export --to python|js|swift (FILE | -e SOURCE) [-o OUT]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a script or an expression as a standalone Python, JavaScript or Swift program.",
        discussion: """
        The program reads CIVICLICK_BASE_URL and CIVICLICK_API_KEY from its environment (the key is \
        never written into it), makes the requests civi would make and prints what civi prints; \
        the script's arguments become the program's command-line arguments.
        """)

    @ParentCommand var root: CiviCommand
    @Option(help: "The language: python, js or swift.") var to: String
    @Option(name: [.customShort("e"), .customLong("eval")], help: "Export this source (its values printed as JSON).")
    var eval: String?
    @Option(name: .shortAndLong, help: "Write the program to this file instead of standard output.") var output: String?
    @Argument(help: "The script to export.") var file: String?
    @OptionGroup var global: OptionsAfterSubcommand

    func validate() throws {
        let source = eval ?? root.eval
        if source != nil, file != nil { throw ValidationError("give a script or -e SOURCE, not both") }
        if source == nil, file == nil { throw ValidationError("missing the script: civi export --to \(to) FILE (or -e SOURCE)") }
    }

    mutating func run() throws {
        let code = Shell.export(target: to, path: file, source: eval ?? root.eval, output: output,
                                options: try ShellOptions(root.global, global))
        if code != 0 { throw ExitCode(code) }
    }
}
