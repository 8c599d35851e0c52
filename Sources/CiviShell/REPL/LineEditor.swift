import CEditLine
import CiviCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one prompt produced.
enum LineInput {
    case line(String)
    case endOfInput
    case interrupted
}

// libedit's completion callbacks are C functions that capture nothing, so completion state is
// global; it is only touched on the thread that calls `readline`.
nonisolated(unsafe) private var activeCompletion: ((String, Int, Int) -> [String])?
nonisolated(unsafe) private var pendingMatches: [String] = []

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    if state == 0 { pendingMatches.reverse() }
    guard let next = pendingMatches.popLast() else { return nil }
    return strdup(next)
}

private let attemptedCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, end in
    civi_set_completion_over(1)
    guard let buffer = civi_line_buffer(), let complete = activeCompletion else { return nil }
    let line = String(cString: buffer)
    pendingMatches = complete(line, Int(start), Int(end))
    civi_set_completion_append_character(pendingMatches.count == 1 && (pendingMatches[0].hasSuffix("/") || pendingMatches[0].hasSuffix(":")) ? 0 : 32)
    if pendingMatches.count == 1, pendingMatches[0].hasSuffix(":") { pendingMatches[0] += " " }
    guard !pendingMatches.isEmpty else { return nil }
    return rl_completion_matches(text, completionGenerator)
}

/// The libedit line editor: prompt, persistent history (0600), completion.
final class LineEditor {
    private let historyFile: String
    private let historyLimit: Int32 = 10_000

    /// Sets up libedit with history loaded from `historyFile` and the given completion function
    /// (line, word start, cursor — character offsets — to candidates).
    init(historyFile: String, complete: @escaping (String, Int, Int) -> [String]) {
        self.historyFile = historyFile
        setlocale(LC_ALL, "")
        civi_set_readline_name(strdup("civi"))
        activeCompletion = complete
        civi_set_completion(attemptedCompletion)
        civi_set_word_break_characters(strdup(" \t\n\"'`@$><=;|&{(,+-*/%!?"))
        using_history()
        stifle_history(historyLimit)
        Directories.makeParents(of: historyFile)
        _ = read_history(historyFile)
    }

    /// Shows `prompt` and reads one line.
    func read(prompt: String) -> LineInput {
        _ = Interrupts.take()
        guard let raw = readline(prompt) else {
            if Interrupts.take() { return .interrupted }
            return .endOfInput
        }
        defer { free(raw) }
        if Interrupts.take() { return .interrupted }
        return .line(String(cString: raw))
    }

    /// Adds an entry (a whole, possibly multi-line, statement) unless it repeats the last one.
    func remember(_ entry: String) {
        let trimmed = entry.trimmingSpaces
        guard !trimmed.isEmpty else { return }
        if let last = entries().last, last == entry { return }
        add_history(entry)
        save()
    }

    /// Every history entry, oldest first.
    func entries() -> [String] {
        var out: [String] = []
        let base = civi_history_base()
        let count = civi_history_length()
        var i: Int32 = 0
        while i < count {
            if let e = history_get(base + i), let line = e.pointee.line { out.append(String(cString: line)) }
            i += 1
        }
        return out
    }

    private func save() {
        // Create the file owner-only before libedit writes into it, so it is never world-readable.
        let fd = open(historyFile, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 { close(fd) }
        chmod(historyFile, 0o600)
        _ = write_history(historyFile)
    }
}
