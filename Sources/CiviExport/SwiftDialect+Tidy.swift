/// The finishing pass over a Swift program's `main`: what the walk cannot know line by line
/// (whether a binding is ever assigned again or read at all) decides `let` or `var`, so the file
/// compiles without warnings and a parameter or loop variable the program reassigns stays legal.
extension SwiftDialect {
    static func tidied(_ lines: [String]) -> [String] {
        let names = Set(lines.compactMap(declaredName))
        var reassigned: Set<String> = []
        var mentions: [String: Int] = [:]
        for line in lines {
            let body = line.drop { $0 == " " }
            if let eq = body.firstRange(of: " = "), body[..<eq.lowerBound].allSatisfy(isWordCharacter) {
                reassigned.insert(String(body[..<eq.lowerBound]))
            }
            for word in words(in: line) where names.contains(word) || word.hasPrefix("_") { mentions[word, default: 0] += 1 }
        }
        var out: [String] = []
        for line in lines {
            let indent = String(line.prefix { $0 == " " })
            let body = String(line.dropFirst(indent.count))
            if let name = declaredName(body), !reassigned.contains(name) {
                let value = body.dropFirst("var \(name): Value = ".count)
                out.append(indent + (mentions[name, default: 0] <= 1 ? "_ = \(value)" : "let \(name): Value = \(value)"))
            } else if body.hasPrefix("for "), let name = body.dropFirst(4).split(separator: " ").first, reassigned.contains(String(name)) {
                out.append(indent + "for var " + body.dropFirst(4))
            } else if body.hasPrefix("func "), let open = body.firstIndex(of: "("), let close = body.firstIndex(of: ")") {
                out.append(line)
                let parameters = body[body.index(after: open)..<close].split(separator: ",").compactMap { p in
                    p.split(separator: ":").first.map { String($0.dropFirst($0.hasPrefix(" ") ? 3 : 2)) }
                }
                for p in parameters where reassigned.contains(p) { out.append(indent + "    var \(p) = \(p)") }
            } else {
                out.append(line)
            }
        }
        return out
    }

    /// The name a `var NAME: Value = …` line declares.
    private static func declaredName(_ line: String) -> String? {
        let body = line.drop { $0 == " " }
        guard body.hasPrefix("var "), let colon = body.firstRange(of: ": Value = ") else { return nil }
        return String(body[body.index(body.startIndex, offsetBy: 4)..<colon.lowerBound])
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The identifiers of a line outside its string literals.
    private static func words(in line: String) -> [String] {
        var out: [String] = [], word = "", quoted = false, escaped = false
        for c in line {
            if quoted {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { quoted = false }
                continue
            }
            if isWordCharacter(c) { word.append(c); continue }
            if !word.isEmpty { out.append(word); word = "" }
            if c == "\"" { quoted = true }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }
}
