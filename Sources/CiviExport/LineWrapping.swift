/// Long lines of an exported program broken as a formatter would break them: a call (or a list)
/// that ends its line gets one argument per line, indented one step, with a trailing comma; a
/// single argument stays on the call's line (`print((await take(` … `)));`). Only the layout
/// changes: every break is inside brackets, where Python and JavaScript ignore line breaks.
enum LineWrapping {
    /// Lines longer than this are broken where they can be.
    static let width = 100

    /// `line` (with its indentation), as one or more lines; `step` is the target's indentation unit.
    static func wrap(_ line: String, step: String) -> [String] {
        let indent = String(line.prefix { $0 == " " })
        return wrap(Array(line.dropFirst(indent.count)), indent: indent, step: step).map { String($0) }
    }

    private static let closers: Set<Character> = [")", "]", "}", ";", ":", ",", " ", "{"]

    private static func wrap(_ text: [Character], indent: String, step: String) -> [String] {
        guard indent.count + text.count > width, let (open, close) = splitPoint(text) else { return [indent + String(text)] }
        let head = String(text[...open]), tail = String(text[close...])
        if text[open] == "[", let clauses = comprehensionClauses(Array(text[(open + 1)..<close])) {
            // `[value for x in xs if c]`: one clause per line, as Python formatters write it.
            return [indent + head] + clauses.flatMap { wrap($0, indent: indent + step, step: step) } + [indent + tail]
        }
        let parts = topLevelParts(Array(text[(open + 1)..<close]))
        if parts.count == 1, let operands = booleanOperands(parts[0]) {
            // A long condition: one operand per line, each line after the first led by its operator.
            return [indent + head] + operands.flatMap { wrap($0, indent: indent + step, step: step) } + [indent + tail]
        }
        if parts.count == 1 {
            // One argument: it continues on the call's line and the call closes on its last line.
            var lines = wrap(parts[0], indent: indent, step: step)
            lines[0] = indent + head + lines[0].dropFirst(indent.count)
            lines[lines.count - 1] += tail
            return lines
        }
        var lines = [indent + head]
        for p in parts { lines += wrap(p + [","], indent: indent + step, step: step) }
        lines.append(indent + tail)
        return lines
    }

    /// Visits each character of `text` outside string literals with the bracket depth it stands
    /// at (a bracket at the depth outside it), until `visit` returns false. A closer with nothing
    /// open is passed over: a line may start by closing the block before it (`} else if (...) {`).
    private static func scanCode(_ text: [Character], _ visit: (_ n: Int, _ c: Character, _ depth: Int) -> Bool) {
        var depth = 0, quote: Character?, escaped = false
        for (n, c) in text.enumerated() {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'", "`":
                quote = c
            case "(", "[", "{":
                guard visit(n, c, depth) else { return }
                depth += 1
            case ")", "]", "}":
                if depth == 0 { continue }
                depth -= 1
                guard visit(n, c, depth) else { return }
            default:
                guard visit(n, c, depth) else { return }
            }
        }
    }

    /// `text` cut at `cuts` (the characters at the cuts are dropped).
    private static func pieces(_ text: [Character], at cuts: [Int]) -> [[Character]] {
        var out: [[Character]] = [], start = 0
        for cut in cuts {
            out.append(Array(text[start..<cut]))
            start = cut + 1
        }
        out.append(Array(text[start...]))
        return out
    }

    /// The first bracket at depth 0 whose match closes the text (only closing punctuation after it).
    private static func splitPoint(_ text: [Character]) -> (open: Int, close: Int)? {
        var open: Int?, found: (open: Int, close: Int)?
        scanCode(text) { n, c, depth in
            guard depth == 0 else { return true }
            if "([".contains(c), open == nil { open = n }
            guard ")]}".contains(c), let o = open else { return true }
            guard text[(n + 1)...].allSatisfy({ closers.contains($0) }) else { return false }
            // `(lambda a, b: x)` split at its comma would be a tuple.
            if !String(text[(o + 1)..<n]).hasPrefix("lambda") { found = (o, n) }
            return false
        }
        return found
    }

    /// A comprehension's clauses (`value`, `for x in xs`, `if c`), split where ` for ` and ` if `
    /// stand outside brackets and strings (the exporter parenthesizes conditional expressions and
    /// lambdas); nil when the contents are not a comprehension.
    private static func comprehensionClauses(_ text: [Character]) -> [[Character]]? {
        var cuts: [Int] = []
        scanCode(text) { n, c, depth in
            if c == " ", depth == 0 {
                let rest = text[(n + 1)...]
                if cuts.isEmpty ? rest.starts(with: "for ") : cuts.count == 1 && rest.starts(with: "if ") { cuts.append(n) }
            }
            return true
        }
        return cuts.isEmpty ? nil : pieces(text, at: cuts)
    }

    /// The operands of `and`/`or` (`&&`/`||`) outside brackets and strings, each after the first
    /// starting with its operator; nil when there is no such operator.
    private static func booleanOperands(_ text: [Character]) -> [[Character]]? {
        var cuts: [Int] = []
        scanCode(text) { n, c, depth in
            if c == " ", depth == 0, ["and ", "or ", "&& ", "|| "].contains(where: { text[(n + 1)...].starts(with: $0) }) { cuts.append(n) }
            return true
        }
        return cuts.isEmpty ? nil : pieces(text, at: cuts)
    }

    /// The comma-separated parts of a bracket's contents (commas inside brackets or strings do not split).
    private static func topLevelParts(_ text: [Character]) -> [[Character]] {
        var cuts: [Int] = []
        scanCode(text) { n, c, depth in
            if c == ",", depth == 0 { cuts.append(n) }
            return true
        }
        return pieces(text, at: cuts).map { part in Array(String(part).drop { $0 == " " }) }
    }
}
