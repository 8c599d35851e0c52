/// Fits prose to a terminal's width: words move to the next line, which keeps the line's
/// indentation — or, for a `  name  text` line, starts under the text.
public enum WordWrap {
    /// `text` with every line wider than `width` wrapped at spaces; a single word wider than the
    /// width stays whole (an id or a URL cut in two is worse than a long line).
    public static func wrap(_ text: String, width: Int) -> String {
        guard width > 0 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrapLine(String($0), width: width) }
            .joined(separator: "\n")
    }

    private static func wrapLine(_ line: String, width: Int) -> String {
        guard line.count > width else { return line }
        let indent = line.prefix { $0 == " " }.count
        let hanging = String(repeating: " ", count: hangingIndent(line, indent: indent, width: width))
        var lines: [String] = []
        var current = String(repeating: " ", count: indent)
        var currentHasWord = false
        for word in line.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: false) {
            let piece = String(word)
            let candidate = currentHasWord ? current + " " + piece : current + piece
            if currentHasWord, candidate.count > width, !piece.isEmpty {
                while current.last == " " { current.removeLast() }
                lines.append(current)
                current = hanging + piece
            } else {
                current = candidate
            }
            currentHasWord = true
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// Where continuation lines start: under the text of `  name   text`, else two more than the indent.
    private static func hangingIndent(_ line: String, indent: Int, width: Int) -> Int {
        let chars = Array(line)
        var i = indent
        while i < chars.count, chars[i] != " " { i += 1 }
        var j = i
        while j < chars.count, chars[j] == " " { j += 1 }
        if j - i >= 2, j < width / 2 { return j }
        return min(indent + 2, width / 2)
    }
}
