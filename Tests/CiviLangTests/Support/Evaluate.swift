import CiviCore
import Synchronization
@testable import CiviLang

/// Lines printed by a script under test.
final class PrintLog: Sendable {
    private let store = Mutex<[String]>([])
    var lines: [String] { store.withLock { $0 } }
    /// Records one `print`, without its trailing newline.
    func append(_ text: String) { store.withLock { $0.append(text.hasSuffix("\n") ? String(text.dropLast()) : text) } }
}

/// The outcome of running a chunk: the last shown value, printed lines, or the error.
struct Outcome {
    var values: [Value] = []
    var printed: [String] = []
    var error: Diagnostic?

    var value: Value? { values.last }
}

/// Runs `source` on a thread with a large stack (as the shell does).
func run(_ source: String, host: (any APIHost)? = nil, name: String = "test.civi",
         interpreter: Interpreter? = nil, options: ((inout InterpreterOptions) -> Void)? = nil) -> Outcome {
    let log = PrintLog()
    var opts = InterpreterOptions(baseDirectory: "/tmp", environment: ["HOME": "/tmp"], output: { log.append($0) })
    options?(&opts)
    let interp = interpreter ?? Interpreter(host: host, options: opts)
    nonisolated(unsafe) var outcome = Outcome()
    Workers.runOnLargeStack {
        do throws(Diagnostic) {
            try interp.run(source, name: name) { v in outcome.values.append(v) }
        } catch {
            outcome.error = error
        }
    }
    outcome.printed = log.lines
    return outcome
}

/// The value of the last expression statement of `source`, or nil on error.
func value(_ source: String) -> Value? {
    let o = run(source)
    return o.error == nil ? (o.value ?? .null) : nil
}

/// The error message `source` fails with, or nil when it succeeds.
func errorMessage(_ source: String) -> String? { run(source).error?.message }

/// What the shell would be given for each statement of `source` (`Interpreter.run(showing:)`), or the error.
func show(_ source: String, host: (any APIHost)? = nil, showing: StreamShowing,
          options: ((inout InterpreterOptions) -> Void)? = nil) -> (results: [StatementResult], error: Diagnostic?) {
    var opts = InterpreterOptions(baseDirectory: "/tmp", environment: ["HOME": "/tmp"], output: { _ in })
    options?(&opts)
    let interp = Interpreter(host: host, options: opts)
    nonisolated(unsafe) var results: [StatementResult] = []
    nonisolated(unsafe) var failure: Diagnostic?
    Workers.runOnLargeStack {
        do throws(Diagnostic) {
            try interp.run(source, name: "test.civi", showing: showing) { results.append($0) }
        } catch {
            failure = error
        }
    }
    return (results, failure)
}
