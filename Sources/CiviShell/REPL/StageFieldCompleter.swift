import CiviCore

/// Completes `.field` inside a pipeline stage (`advocates() | where .st` → `.state`) from the
/// fields of the records flowing into that stage: the resource table's known fields for an API
/// listing, the keys of a variable's records otherwise. Stages that reshape records (`map`,
/// `group`, …) end what is known; `select a, b` narrows it to those fields.
enum StageFieldCompleter {
    /// Candidates replacing `word` (which starts with `.`); `before` is the text before it.
    static func complete(_ word: String, before: String, vocabulary v: CompletionVocabulary) -> [String] {
        let partial = String(word.dropFirst())
        guard let pipeline = PipelineScan(before).pipeline, let fields = fields(of: pipeline, v) else { return [] }
        return Array(Set(fields.filter { $0.hasPrefix(partial) && Completer.isIdentifier($0) })).sorted().map { "." + $0 }
    }

    /// The fields of the records leaving the stages before the one being typed, if known.
    private static func fields(of pipeline: PipelineScan.Pipeline, _ v: CompletionVocabulary) -> [String]? {
        guard var fields = headFields(pipeline.head, v) else { return nil }
        for stage in pipeline.finishedStages {
            let name = stage.prefix { $0.isLetter || $0 == "_" }
            switch name {
            case "where", "sort", "take", "skip", "unique", "each", "collect":
                continue
            case "select":
                fields = stage.dropFirst(name.count).split(separator: ",").map { String($0).trimmingSpaces }
            default:
                // `map`, `group`, `flatten`, `parallel`, a function: the records change shape.
                return nil
            }
        }
        return fields
    }

    /// Fields of what the pipeline starts from: an API listing call or a variable.
    private static func headFields(_ head: String, _ v: CompletionVocabulary) -> [String]? {
        let name = String(head.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard !name.isEmpty else { return nil }
        let rest = head.dropFirst(name.count).trimmingPrefix { $0 == " " }
        if rest.hasPrefix("(") { return v.listFields[name] }
        guard rest.isEmpty, let value = v.variables[name] else { return nil }
        switch value {
        case .list(let items):
            var keys: [String] = []
            for case .record(let r) in items.prefix(20) {
                keys += r.keys
                if let resource = r.resource { keys += v.listFields[resource] ?? [] }
            }
            return keys.isEmpty ? nil : keys
        case .stream(let s):
            let listing = String(s.displayName.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            return v.listFields[listing]
        default:
            return nil
        }
    }
}

/// Finds the pipeline the cursor is in: its head and the stages before the one being typed.
/// A light scan of the text before the cursor (strings and comments skipped), not a parse.
struct PipelineScan {
    /// The text before the first `|`, and the complete stages between it and the current one.
    struct Pipeline {
        var head: String
        var finishedStages: [String]
    }

    /// The innermost enclosing pipeline, if the cursor is in a stage.
    private(set) var pipeline: Pipeline?

    private struct Level {
        var start: Int
        var pipes: [Int] = []
    }

    init(_ text: String) {
        let chars = Array(text)
        var levels = [Level(start: 0)]
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "#": while i < chars.count, chars[i] != "\n" { i += 1 }
            case "(", "[", "{": levels.append(Level(start: i + 1))
            case ")", "]", "}": if levels.count > 1 { levels.removeLast() }
            case ";", "\n": levels[levels.count - 1] = Level(start: i + 1)
            case "=":
                // An assignment starts the expression anew; `==`, `!=`, `<=`, `>=` do not.
                let prev: Character? = i > 0 ? chars[i - 1] : nil
                let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                if next == "=" { i += 1 } else if !["=", "!", "<", ">"].contains(prev) {
                    levels[levels.count - 1] = Level(start: i + 1)
                }
            case "|": levels[levels.count - 1].pipes.append(i)
            default: break
            }
            i += 1
        }
        guard let level = levels.last(where: { !$0.pipes.isEmpty }) else { return }
        let head = String(chars[level.start..<level.pipes[0]]).trimmingSpaces
        var stages: [String] = []
        for (a, b) in zip(level.pipes, level.pipes.dropFirst()) {
            stages.append(String(chars[(a + 1)..<b]).trimmingSpaces)
        }
        pipeline = Pipeline(head: head, finishedStages: stages)
    }
}
