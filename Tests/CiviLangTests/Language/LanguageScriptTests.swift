import CiviCore
import CiviTestSupport
import Foundation
import Synchronization
import Testing
@testable import CiviLang

/// Runs every `Tests/Language/**/*.civi` script as its own test case, checking its `# expect` lines.
@Suite struct LanguageScriptTests {
    /// The scripts, as paths relative to Tests/Language (the names the cases show).
    static let scripts: [String] = {
        let root = Repository.languageTests
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".civi") }.sorted()
    }()

    @Test func theScriptsAreFound() {
        #expect(Self.scripts.count >= 10, "expected the language scripts in \(Repository.languageTests)")
    }

    @Test(arguments: scripts) func script(_ relativePath: String) throws {
        let path = Repository.languageTests + "/" + relativePath
        let script: LanguageScript
        do {
            script = try LanguageScript(text: try String(contentsOfFile: path, encoding: .utf8))
        } catch let error as LanguageScript.FormatError {
            Issue.record("\(path):\(error.line): \(error.message)", sourceLocation: Self.location(path, error.line))
            return
        }
        for chunk in script.chunks {
            let host = script.fakeHostAdvocates.map { FakeHost(advocates: $0) }
            let result = ScriptRun(chunk.source, name: relativePath, host: host)
            for failure in ScriptCheck.failures(of: chunk, in: result) {
                Issue.record("\(path):\(failure.line): \(failure.message)", sourceLocation: Self.location(path, failure.line))
            }
        }
    }

    /// Points a failure at the script line, so it is reported as `file.civi:line`.
    static func location(_ path: String, _ line: Int) -> SourceLocation {
        SourceLocation(fileID: "Language/" + (path as NSString).lastPathComponent, filePath: path, line: max(line, 1), column: 1)
    }
}

/// What one chunk did: its output lines in order (printed text and shown values) and its error.
struct ScriptRun {
    var output: [String] = []
    var error: Diagnostic?

    /// Runs `source` on a fresh interpreter on a large stack (as the shell does).
    init(_ source: String, name: String, host: (any APIHost)?) {
        let lines = Mutex<[String]>([])
        // A print may hold several lines; each counts as one output line.
        let emit: @Sendable (String) -> Void = { text in
            let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
            lines.withLock { $0 += body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        }
        let options = InterpreterOptions(baseDirectory: "/tmp", environment: ["HOME": "/tmp"], output: emit)
        let interpreter = Interpreter(host: host, options: options)
        nonisolated(unsafe) var failure: Diagnostic?
        Workers.runOnLargeStack {
            do throws(Diagnostic) {
                try interpreter.run(source, name: name) { emit(ValueFormat.repr($0)) }
            } catch {
                failure = error
            }
        }
        output = lines.withLock { $0 }
        error = failure
    }
}

/// Compares a chunk's expectations with what it did.
enum ScriptCheck {
    struct Failure {
        let line: Int
        let message: String
    }

    static func failures(of chunk: LanguageScript.Chunk, in run: ScriptRun) -> [Failure] {
        var failures: [Failure] = []
        var next = 0
        var expectedError = false
        var lastLine = chunk.firstLine
        for (line, expectation) in chunk.expectations {
            lastLine = line
            switch expectation {
            case .output(let text):
                if next < run.output.count {
                    if run.output[next] != text {
                        failures.append(Failure(line: line, message: "expected output \(text.debugDescription), got \(run.output[next].debugDescription)"))
                    }
                } else {
                    let why = run.error.map { "the chunk failed first at line \($0.line): \($0.message)" } ?? "nothing more was shown"
                    failures.append(Failure(line: line, message: "expected output \(text.debugDescription), but \(why)"))
                }
                next += 1
            case .error(let message, let prefix, let kind):
                expectedError = true
                let want = "\(kind.map { "an error of kind \($0)" } ?? "an error") \(message.debugDescription)\(prefix ? "..." : "")"
                guard let error = run.error else {
                    failures.append(Failure(line: line, message: "expected \(want) on this line, but the chunk succeeded"))
                    continue
                }
                let matches = prefix ? error.message.hasPrefix(message) : error.message == message
                if !matches || error.line != line || (kind != nil && error.kind != kind) {
                    failures.append(Failure(line: line, message: "expected \(want) on this line, got an error of kind \(error.kind) at line \(error.line): \(error.message.debugDescription)"))
                }
            case .hint(let hint):
                if let error = run.error, error.hint != hint {
                    failures.append(Failure(line: line, message: "expected the hint \(hint.debugDescription), got \(error.hint.map(\.debugDescription) ?? "none")"))
                }
            }
        }
        if next < run.output.count {
            failures.append(Failure(line: lastLine, message: "unexpected output after the last expectation: \(run.output[next...].map(\.debugDescription).joined(separator: ", "))"))
        }
        if !expectedError, let error = run.error {
            failures.append(Failure(line: error.line, message: "unexpected error (\(error.kind)): \(error.message)"))
        }
        return failures
    }
}
