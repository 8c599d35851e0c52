import ArgumentParser
import CiviShell
#if canImport(Glibc)
import Glibc
#endif

// Synchronous on purpose: the REPL and scripts run on the main thread, and `civi serve` must block
// its signals before any other thread exists (see TerminationSignals); async work goes through
// CiviShell's BlockingBridge.
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
