import Foundation
import CiviCore
@testable import CiviLang

/// A `Tests/Language` script read into independent chunks, each with the expectations written
/// in its comments (the format is documented in Tests/Language/README.md).
struct LanguageScript {
    /// One thing a chunk must do, at the file line where the comment is.
    enum Expectation: Equatable {
        /// The next output line is exactly this text.
        case output(String)
        /// The chunk fails on this line with this message (a prefix when `prefix`), of `kind` when given.
        case error(message: String, prefix: Bool, kind: Diagnostic.Kind?)
        /// The error's hint is exactly this text.
        case hint(String)
    }

    /// A run of lines executed by one fresh interpreter.
    struct Chunk {
        /// The chunk's source, with every line outside it blanked so line numbers match the file.
        var source: String
        /// The first line of the chunk (1-based), for messages.
        var firstLine: Int
        var expectations: [(line: Int, expectation: Expectation)] = []
    }

    /// A line of the file that is not a valid directive, or expectations that can never all hold.
    struct FormatError: Error, CustomStringConvertible {
        let line: Int
        let message: String
        var description: String { "line \(line): \(message)" }
    }

    var chunks: [Chunk]
    /// `# host: fake [advocates=N]`: the chunks run against a `FakeHost` with N advocates.
    var fakeHostAdvocates: Int?

    static let chunkSeparator = "# ---"
    static let marker = "# expect"

    /// Reads `text`, throwing on a malformed directive, a chunk with no expectations, or
    /// expectations after an expected error.
    init(text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var chunkRanges: [Range<Int>] = []
        var start = 0
        for (n, line) in lines.enumerated() where line.trimmingSpaces == Self.chunkSeparator {
            chunkRanges.append(start..<n)
            start = n + 1
        }
        chunkRanges.append(start..<lines.count)
        chunks = []
        for range in chunkRanges {
            // Earlier lines are blanked (so line numbers are the file's); the source ends at the
            // chunk's last non-blank line, as a script or a REPL entry would.
            var end = range.upperBound
            while end > range.lowerBound && lines[end - 1].trimmingSpaces.isEmpty { end -= 1 }
            let source = (0..<end).map { range.contains($0) ? lines[$0] : "" }.joined(separator: "\n")
            var chunk = Chunk(source: source, firstLine: range.lowerBound + 1)
            var erred = false
            for n in range {
                let line = lines[n]
                if let host = line.trimmingSpaces.stripping(prefix: "# host:") {
                    fakeHostAdvocates = try Self.fakeHost(host.trimmingSpaces, line: n + 1)
                    continue
                }
                guard let at = line.range(of: Self.marker, options: .backwards) else { continue }
                let expectation = try Self.expectation(String(line[at.upperBound...]), line: n + 1)
                switch expectation {
                case .output where erred:
                    throw FormatError(line: n + 1, message: "an output expected after an error can never be shown")
                case .error where erred:
                    throw FormatError(line: n + 1, message: "a chunk stops at its first error; separate cases with `\(Self.chunkSeparator)`")
                case .hint where !erred:
                    throw FormatError(line: n + 1, message: "`# expect hint:` must follow `# expect error:`")
                case .error: erred = true
                default: break
                }
                chunk.expectations.append((n + 1, expectation))
            }
            // A chunk holding only blank lines and comments (e.g. a file's header) needs nothing.
            let hasCode = range.contains { n in
                let t = lines[n].trimmingSpaces
                return !t.isEmpty && !t.hasPrefix("#")
            }
            if hasCode && chunk.expectations.isEmpty {
                throw FormatError(line: range.lowerBound + 1, message: "a chunk without `# expect` lines asserts nothing")
            }
            if hasCode { chunks.append(chunk) }
        }
        if chunks.isEmpty { throw FormatError(line: 1, message: "the file has no code with `# expect` lines") }
    }

    /// Parses what follows `# expect` on a line.
    static func expectation(_ rest: String, line: Int) throws -> Expectation {
        if let text = rest.stripping(prefix: ": ") { return .output(text) }
        if rest == ":" { return .output("") }
        if let hint = rest.stripping(prefix: " hint: ") { return .hint(hint) }
        let kinds: [(String, Diagnostic.Kind?)] = [(" error: ", nil), (" syntax error: ", .syntax),
                                                   (" incomplete error: ", .incomplete), (" runtime error: ", .runtime)]
        guard let (kind, found) = kinds.lazy.compactMap({ k in rest.stripping(prefix: k.0).map { (k.1, $0) } }).first else {
            throw FormatError(line: line, message: "unknown directive `# expect\(rest)` (see Tests/Language/README.md)")
        }
        var message = found
        let prefix = message.hasSuffix("...")
        if prefix { message.removeLast(3) }
        if message.isEmpty { throw FormatError(line: line, message: "an expected error needs its message") }
        return .error(message: message, prefix: prefix, kind: kind)
    }

    /// Parses `fake` or `fake advocates=N`.
    static func fakeHost(_ text: String, line: Int) throws -> Int {
        let words = text.split(separator: " ")
        guard words.first == "fake" else { throw FormatError(line: line, message: "the only host is `fake`") }
        var advocates = 0
        for word in words.dropFirst() {
            guard let n = word.stripping(prefix: "advocates=").flatMap({ Int($0) }) else {
                throw FormatError(line: line, message: "unknown host option `\(word)` (only `advocates=N`)")
            }
            advocates = n
        }
        return advocates
    }
}

extension StringProtocol {
    /// The text after `prefix`, or nil when it does not start with it.
    func stripping(prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
