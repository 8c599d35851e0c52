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
        subcommands: [ShellCommand.self, RunCommand.self, CheckCommand.self, TestCommand.self, ServeCommand.self,
                      LogCommand.self, UndoCommand.self],
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
    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("The script (`-` for standard input), then the arguments passed to it as `args`.",
                                 valueName: "file"))
    var script: [String] = []

    func validate() throws {
        // Passed through with the rest, so asked for here (`civi run FILE --help` is the script's).
        if let first = script.first, first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
        if root.eval != nil { throw ValidationError("-e goes without `run`: civi -e SOURCE") }
        do {
            guard try ScriptInvocation(script) != nil else { throw ValidationError("missing the script path: civi run FILE [ARGS...]") }
        } catch let error as ScriptUsageError {
            throw ValidationError(error.message)
        }
    }

    mutating func run() throws {
        guard let invocation = try ScriptInvocation(script) else { return }
        let options = try ShellOptions(root.global, global)
        let code = Shell.runFile(invocation.path, arguments: invocation.arguments, options: options)
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
        commandName: "test", abstract: "Run scripts as tests (default: tests/*.civi) and report pass/fail.")

    @ParentCommand var root: CiviCommand
    @Argument(help: "Test scripts or directories (default: tests/*.civi).") var paths: [String] = []
    @Option(help: "Also write a JUnit XML report to this file.") var junit: String?
    @OptionGroup var global: OptionsAfterSubcommand

    mutating func run() throws {
        let code = Shell.test(paths, junit: junit, options: try ShellOptions(root.global, global))
        if code != 0 { throw ExitCode(code) }
    }
}
