/// The runtime each exported program starts with, cut to the sections the program uses.
///
/// A prelude is a real source file (`Preludes/prelude.py`, `Preludes/prelude.mjs`) embedded at
/// build time; each section starts with a line `# @section NAME needs: OTHER ...` (`//` in
/// JavaScript) and runs to the next one; the file's opening comment is not copied.
struct PreludeLibrary {
    /// One section: its name, the sections it needs and its text.
    struct Section {
        let name: String
        let needs: [String]
        let text: String
        /// Top-level names it defines (`def x`, `class X`, `function x`, `x =`, `const x`).
        let defines: Set<String>
    }

    let sections: [Section]

    init(source: String, comment: String) {
        let marker = comment + " @section "
        var sections: [Section] = []
        var current: (name: String, needs: [String], lines: [Substring])?
        func close() {
            guard let c = current else { return }
            let text = c.lines.joined(separator: "\n")
            sections.append(Section(name: c.name, needs: c.needs, text: text, defines: PreludeLibrary.definitions(in: c.lines)))
        }
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(marker) {
                close()
                let words = line.dropFirst(marker.count).split(separator: " ").map(String.init)
                current = (words.first ?? "", Array(words.drop { $0 != "needs:" }.dropFirst()), [])
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        close()
        self.sections = sections
    }

    /// Every name some section defines (user names that clash are renamed).
    var allNames: Set<String> { sections.reduce(into: []) { $0.formUnion($1.defines) } }

    /// The text of the sections defining any of `used`, with what they need, in file order.
    func text(for used: Set<String>, always: [String]) -> String {
        var wanted = Set(always)
        for s in sections where !s.defines.isDisjoint(with: used) { wanted.insert(s.name) }
        var changed = true
        while changed {
            changed = false
            for s in sections where wanted.contains(s.name) {
                for n in s.needs where !wanted.contains(n) {
                    wanted.insert(n)
                    changed = true
                }
            }
        }
        let parts = sections.filter { wanted.contains($0.name) }.map { $0.text.trimmingTrailingNewlines() }
        return parts.joined(separator: "\n\n\n")
    }

    private static func definitions(in lines: [Substring]) -> Set<String> {
        var out: Set<String> = []
        for line in lines {
            guard let first = line.first, first.isLetter || first == "_" else { continue }
            var words = line.split(whereSeparator: { " (=:,{<`".contains($0) }).map(String.init)
            if words.first == "export" { words.removeFirst() }
            if words.first == "async" { words.removeFirst() }
            if words.first == "final" { words.removeFirst() }
            switch words.first {
            case "def", "class", "function", "const", "let", "function*", "func", "struct", "enum", "var", "protocol":
                if words.count > 1 { out.insert(words[1]) }
            case "import":
                // `import a.b` binds `a`; `import a.b as c` binds `c`.
                if words.count > 3, words[2] == "as" {
                    out.insert(words[3])
                } else if words.count > 1, let bound = words[1].split(separator: ".").first {
                    out.insert(String(bound))
                }
            default:
                if line.contains(" = "), let w = words.first { out.formUnion(w.split(separator: ",").map(String.init)) }
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
