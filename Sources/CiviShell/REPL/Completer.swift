import CiviCore

/// What completion can offer: names in scope, the language's vocabulary, the resource table.
struct CompletionVocabulary {
    /// Variables in the session, with their values (for field completion after `.`).
    var variables: [String: Value]
    /// Keywords of the language.
    var keywords: [String]
    /// Built-in function names.
    var builtins: [String]
    /// Stage names (offered after `|`).
    var stages: [String]
    /// API list functions and the filters each takes.
    var apiFilters: [String: [String]]
    /// Other API function names.
    var apiFunctions: [String]
    /// The fields of the records each API list function returns (the resource table's known fields).
    var listFields: [String: [String]] = [:]
    /// For each API list function, the values of its filters that take one of a fixed set.
    var filterValues: [String: [String: [String]]] = [:]
    /// Meta-commands, with their leading `:`.
    var metaCommands: [String]
    /// Help topics (offered after `:help `).
    var helpTopics: [String]
    /// Directory that relative paths are completed against.
    var workingDirectory: String
}

/// Context-aware completion of the word under the cursor. Pure: the line and vocabulary in,
/// replacement candidates for the word out.
enum Completer {
    /// Candidates that replace `line[wordStart..<cursor]` (character offsets).
    static func complete(line: String, wordStart: Int, cursor: Int, vocabulary v: CompletionVocabulary) -> [String] {
        let chars = Array(line)
        let end = min(max(cursor, 0), chars.count)
        let start = min(max(wordStart, 0), end)
        let prefix = String(chars[0..<end])
        let word = String(chars[start..<end])
        let before = String(chars[0..<start])

        let trimmed = prefix.drop { $0 == " " }
        if trimmed.hasPrefix(":") {
            if !trimmed.contains(" ") { return matching(v.metaCommands, word) }
            let command = trimmed.prefix { $0 != " " }
            switch command {
            case ":help": return matching(v.helpTopics, word)
            case ":load", ":save": return FilePathCompleter.complete(partial: word, typed: word, in: v.workingDirectory)
            case ":format": return matching(["table", "json", "csv", "ndjson"], word)
            case ":dry", ":time", ":verbose": return matching(["on", "off"], word)
            case ":plan": return matching(["on", "off", "full"], word)
            default: return []
            }
        }

        let scan = LexicalScan(prefix)
        if let literalStart = scan.openStringStart {
            let content = String(chars[(literalStart + 1)..<end])
            if let values = filterValues(before: String(chars[0..<literalStart]), scan, v) {
                // `status: "ac` → `active"`: the value and its closing quote.
                return matching(values, content).map { $0 + "\"" }
            }
            return FilePathCompleter.complete(partial: content, typed: word, in: v.workingDirectory)
        }

        if word.hasPrefix(".") {
            return StageFieldCompleter.complete(word, before: before, vocabulary: v)
        }
        if word.contains(".") || word.contains("[") {
            return fieldCompletions(word, v.variables)
        }

        let previous = before.last { $0 != " " && $0 != "\t" }
        if previous == "|" {
            let functions = v.variables.compactMap { k, val -> String? in
                if case .function = val { return k }
                return nil
            }
            return matching(v.stages + functions, word)
        }
        if previous == "(" || previous == ",", let callee = scan.innermostCall, let filters = v.apiFilters[callee] {
            return matching(filters.map { $0 + ":" }, word)
        }
        if previous == ":", let values = filterValues(before: before, scan, v) {
            return matching(values.map { "\"" + $0 + "\"" }, word)
        }
        if word.isEmpty { return [] }
        let names = v.keywords + v.builtins + v.apiFunctions + Array(v.apiFilters.keys) + Array(v.variables.keys)
        return matching(names, word)
    }

    /// The values of the enum filter whose argument starts after `before` (`campaigns(status: `).
    private static func filterValues(before: String, _ scan: LexicalScan, _ v: CompletionVocabulary) -> [String]? {
        var text = Substring(before)
        while text.last == " " { text = text.dropLast() }
        guard text.last == ":", let callee = scan.innermostCall else { return nil }
        text = text.dropLast()
        while text.last == " " { text = text.dropLast() }
        let filter = String(text.reversed().prefix { $0 == "_" || $0.isLetter || $0.isNumber }.reversed())
        return v.filterValues[callee]?[filter]
    }

    private static func matching(_ names: [String], _ word: String) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(word) })).sorted()
    }

    /// `a.fi` → `a.first_name`; `c.targets[0].of` → `c.targets[0].office`.
    private static func fieldCompletions(_ word: String, _ variables: [String: Value]) -> [String] {
        guard let dot = word.lastIndex(of: ".") else { return [] }
        let base = String(word[..<dot])
        let partial = String(word[word.index(after: dot)...])
        guard let value = PathEvaluator.evaluate(base, variables) else { return [] }
        guard case .record(let r) = value else { return [] }
        return r.keys.filter { $0.hasPrefix(partial) && isIdentifier($0) }.sorted().map { base + "." + $0 }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || f.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}

/// Evaluates a simple access path (`name`, `.field`, `[index]`, `["key"]`) against variables,
/// without running any code — completion must never have side effects.
enum PathEvaluator {
    static func evaluate(_ path: String, _ variables: [String: Value]) -> Value? {
        let chars = Array(path)
        var i = 0
        func identifier() -> String? {
            let s = i
            while i < chars.count, chars[i] == "_" || chars[i].isLetter || chars[i].isNumber { i += 1 }
            return i > s ? String(chars[s..<i]) : nil
        }
        guard let name = identifier(), var current = variables[name] else { return nil }
        while i < chars.count {
            if chars[i] == "." {
                i += 1
                guard let field = identifier(), case .record(let r) = current, let next = r[field] else { return nil }
                current = next
            } else if chars[i] == "[" {
                i += 1
                let s = i
                while i < chars.count, chars[i] != "]" { i += 1 }
                guard i < chars.count else { return nil }
                let inside = String(chars[s..<i]).trimmingSpaces
                i += 1
                if let n = Int(inside), case .list(let items) = current {
                    let k = n < 0 ? items.count + n : n
                    guard k >= 0, k < items.count else { return nil }
                    current = items[k]
                } else if inside.count >= 2, inside.first == "\"", inside.last == "\"", case .record(let r) = current,
                          let next = r[String(inside.dropFirst().dropLast())] {
                    current = next
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        return current
    }
}

/// A light scan of the text before the cursor: open string literal, innermost open call.
struct LexicalScan {
    /// Character offset of the quote that opens an unterminated string, if the cursor is inside one.
    private(set) var openStringStart: Int?
    /// The identifier before the innermost unclosed `(`, if any.
    private(set) var innermostCall: String?

    init(_ text: String) {
        let chars = Array(text)
        var stack: [String?] = []
        var i = 0
        var quote: Character?
        var quoteStart = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" && q == "\"" { i += 2; continue }
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "\"", "'":
                quote = c
                quoteStart = i
            case "#":
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "(":
                var j = i - 1
                while j >= 0, chars[j] == " " { j -= 1 }
                let e = j + 1
                while j >= 0, chars[j] == "_" || chars[j].isLetter || chars[j].isNumber { j -= 1 }
                stack.append(e > j + 1 ? String(chars[(j + 1)..<e]) : nil)
            case "[", "{":
                stack.append(nil)
            case ")", "]", "}":
                if !stack.isEmpty { stack.removeLast() }
            default:
                break
            }
            i += 1
        }
        openStringStart = quote != nil ? quoteStart : nil
        innermostCall = stack.last ?? nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
