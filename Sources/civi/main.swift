import ArgumentParser
import CiviShell
#if canImport(Glibc)
import Glibc
#endif

// `civi FILE ...` is `civi run FILE ...`: route a first argument that names no subcommand and
// isn't an option to `run`, so shebang lines and plain invocations both work.
var arguments = Array(CommandLine.arguments.dropFirst())
if let first = arguments.first, !first.hasPrefix("-"), !CiviCommand.subcommandNames.contains(first) {
    arguments.insert("run", at: 0)
}
// Everything after a script's path belongs to the script (`args`), even if it looks like an option.
if arguments.first == "run" {
    let split = ScriptArguments.split(Array(arguments.dropFirst()))
    arguments = ["run"] + split.civi
    ScriptArguments.value = split.script
}
do {
    var command = try CiviCommand.parseAsRoot(arguments)
    try command.run()
} catch {
    // Usage errors exit 2 (civi's convention), not swift-argument-parser's 64.
    if CiviCommand.exitCode(for: error).rawValue == 64 {
        Terminal.writeError(CiviCommand.fullMessage(for: error) + "\n")
        exit(2)
    }
    CiviCommand.exit(withError: error)
}
