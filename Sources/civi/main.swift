import ArgumentParser
import CiviShell
#if canImport(Glibc)
import Glibc
#endif

// Synchronous on purpose: the REPL and scripts run on the main thread, and `civi serve` must block
// its signals before any other thread exists (see TerminationSignals); async work goes through
// CiviShell's BlockingBridge.
// `civi -e SOURCE` and nothing else is unambiguous: it skips building argument-parser's model of
// every command (reflection over each options struct, about a third of the start-up time). Any
// other command line, an option-like SOURCE included, goes through the full parser below.
let words = CommandLine.arguments
if words.count == 3, words[1] == "-e" || words[1] == "--eval", !words[2].hasPrefix("-") {
    exit(Shell.evaluate(words[2], options: ShellOptions()))
}
do {
    var command = try CiviCommand.parseAsRoot()
    try command.run()
} catch let error as ScriptUsageError {
    Terminal.writeError("Error: \(error.message)\nUsage: \(CiviCommand.usageString(for: CiviCommand.self))\n"
                        + "  See 'civi --help' for more information.\n")
    exit(2)
} catch {
    // Usage errors exit 2 (civi's convention), not swift-argument-parser's 64.
    if CiviCommand.exitCode(for: error).rawValue == 64 {
        Terminal.writeError(CiviCommand.fullMessage(for: error) + "\n")
        exit(2)
    }
    CiviCommand.exit(withError: error)
}
