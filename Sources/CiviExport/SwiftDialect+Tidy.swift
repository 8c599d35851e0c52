/// The finishing pass over a Swift program's `main`: what the walk cannot know line by line
/// (whether a binding is ever assigned again or read at all in its block) decides `let`, `var` or
/// `_`, so the file compiles without warnings and a parameter or loop variable the program
/// reassigns stays legal.
extension SwiftDialect {
    static func tidied(_ lines: [String]) -> [String] {
        var out: [String] = []
        for (n, line) in lines.enumerated() {
            let indent = String(line.prefix { $0 == " " })
            let body = String(line.dropFirst(indent.count))
            if let name = declaredName(body) {
                let (read, reassigned) = uses(of: name, after: n, in: lines, deeperThan: indent.count - 1)
                let value = body.dropFirst("var \(name): Value = ".count)
                if reassigned {
                    out.append(line)
                } else {
                    out.append(indent + (read ? "let \(name): Value = \(value)" : "_ = \(value)"))
                }
            } else if body.hasPrefix("for "), let name = body.dropFirst(4).split(separator: " ").first.map(String.init) {
                // The loop walks `Fetched` elements (a page that fails is thrown in the body, where
                // a `catch` around the loop sees it); the body's first line reads the element.
                let (read, reassigned) = uses(of: name, after: n, in: lines, deeperThan: indent.count)
                let element = "try \(name).get()"
                out.append(line)
                out.append(indent + "    " + (reassigned ? "var \(name) = \(element)" : read ? "let \(name) = \(element)" : "_ = \(element)"))
            } else if body.hasPrefix("func "), let open = body.firstIndex(of: "("), let close = body.firstIndex(of: ")") {
                out.append(line)
                let parameters = body[body.index(after: open)..<close].split(separator: ",").compactMap { p in
                    p.split(separator: ":").first.map { String($0.dropFirst($0.hasPrefix(" ") ? 3 : 2)) }
                }
                for p in parameters where uses(of: p, after: n, in: lines, deeperThan: indent.count).reassigned {
                    out.append(indent + "    var \(p) = \(p)")
                }
            } else {
                out.append(line)
            }
        }
        return out
    }

    /// Whether the lines after `start` that belong to its block (indented deeper than `depth`)
    /// read `name`, and whether they assign it.
    private static func uses(of name: String, after start: Int, in lines: [String], deeperThan depth: Int) -> (read: Bool, reassigned: Bool) {
        var read = false, reassigned = false
        for line in lines[(start + 1)...] {
            let indent = line.prefix { $0 == " " }.count
            if !line.isEmpty, indent <= depth { break }
            let body = line.dropFirst(indent)
            var words = words(in: String(body))[...]
            if body.hasPrefix(name + " = ") {
                reassigned = true
                words = words.dropFirst()
            }
            if words.contains(name) { read = true }
        }
        return (read, reassigned)
    }

    /// The name a `var NAME: Value = …` line declares.
    private static func declaredName(_ body: String) -> String? {
        guard body.hasPrefix("var "), let colon = body.firstRange(of: ": Value = ") else { return nil }
        return String(body[body.index(body.startIndex, offsetBy: 4)..<colon.lowerBound])
    }

    /// The identifiers of a line outside its string literals.
    private static func words(in line: String) -> [String] {
        var out: [String] = [], word = "", quoted = false, escaped = false
        for c in line {
            if quoted {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { quoted = false }
                continue
            }
            if c.isLetter || c.isNumber || c == "_" { word.append(c); continue }
            if !word.isEmpty { out.append(word); word = "" }
            if c == "\"" { quoted = true }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }
}
