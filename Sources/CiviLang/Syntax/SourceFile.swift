/// A chunk of civi source with its name, kept so errors can show the offending line.
package final class SourceFile: Sendable {
    /// The name shown in diagnostics (a path, `<repl>`, `-e`).
    package let name: String
    /// The source bytes (UTF-8).
    let bytes: [UInt8]
    private let lineStarts: [Int]

    /// Wraps `text` under `name`.
    package init(name: String, text: String) {
        self.name = name
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The 1-based line of a byte offset.
    package func line(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// The 1-based column (in characters) of a byte offset.
    package func column(of offset: Int) -> Int {
        let start = lineStarts[line(of: offset) - 1]
        let end = min(max(offset, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
    }

    /// The text of a 1-based line, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text between two byte offsets.
    func text(_ range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count)), hi = max(lo, min(range.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A half-open byte range in a source file.
package struct SourceRange: Sendable, Equatable {
    /// First byte offset.
    package var start: Int
    /// One past the last byte offset.
    var end: Int

    /// Makes a range.
    init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    func to(_ other: SourceRange) -> SourceRange { SourceRange(start: min(start, other.start), end: max(end, other.end)) }
}
