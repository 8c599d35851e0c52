import ArgumentParser
import CiviCore
import CiviShell

/// `civi`: the REPL, or a script from `-e` or piped standard input.
struct CiviCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civi",
        abstract: "A shell for the CiviClick 2.0 API: explore, script and automate.",
        discussion: """
        With no arguments on a terminal, starts the interactive shell. `civi FILE [ARGS...]` runs a
        script (same as `civi run`). Piped standard input runs as a script. With no API key
        configured, civi works against its embedded sandbox.
        """,
        version: civiVersion,
        subcommands: [RunCommand.self, CheckCommand.self, TestCommand.self, ServeCommand.self]
    )

    /// Names that select a subcommand (anything else in first position is a script path).
    static let subcommandNames: Set<String> = ["run", "check", "test", "serve", "help"]

    @Option(name: [.customShort("e"), .customLong("eval")], help: "Evaluate this source and print its value.")
    var eval: String?

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let options = try global.shellOptions()
        let code: Int32
        if let source = eval {
            code = Shell.evaluate(source, options: options)
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

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The script (`-` for standard input), then the arguments passed to it as `args`.") var file: String

    mutating func run() throws {
        let code = Shell.runFile(file, arguments: ScriptArguments.value, options: try global.shellOptions())
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi check FILE...`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check scripts for syntax errors and unknown names without running them.")

    @Argument(help: "Scripts to check.") var files: [String]
    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let code = Shell.check(files, options: try global.shellOptions())
        if code != 0 { throw ExitCode(code) }
    }
}

/// `civi test [PATHS...]`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run scripts as tests (default: tests/*.civi) and report pass/fail.")

    @Argument(help: "Test scripts or directories (default: tests/*.civi).") var paths: [String] = []
    @Option(help: "Also write a JUnit XML report to this file.") var junit: String?
    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let code = Shell.test(paths, junit: junit, options: try global.shellOptions())
        if code != 0 { throw ExitCode(code) }
    }
}
