/// The counts and lines of an undo, for `civi undo` and `:undo`.
struct UndoSummary {
    let results: [UndoResult]
    let dryRun: Bool

    init(_ results: [UndoResult], dryRun: Bool) {
        self.results = results
        self.dryRun = dryRun
    }

    private func count(_ kind: UndoResult.Kind) -> Int { results.filter { $0.kind == kind }.count }

    /// True when nothing was left undone.
    var isComplete: Bool { !results.contains { [.conflict, .failed, .notUndoable, .stopped].contains($0.kind) } }

    /// The result lines: every one with `verbose`, else the first few a user must read (conflicts,
    /// failures, re-created records; not plain reverts).
    func lines(verbose: Bool, limit: Int = 20) -> String {
        let shown = results.filter { !$0.line.isEmpty && (verbose || ![.reverted, .deleted, .alreadyUndone, .notApplied].contains($0.kind)) }
        if verbose || shown.count <= limit { return shown.map { $0.line + "\n" }.joined() }
        return shown.prefix(limit).map { $0.line + "\n" }.joined()
            + "… and \(shown.count - limit) more like these (--dry-run lists every one)\n"
    }

    /// One line: what was (or would be) undone and what was not.
    func headline(of run: String, undoRun: String?) -> String {
        let would = dryRun ? "would revert" : "reverted"
        var parts = ["\(would) \(count(.reverted)) update\(count(.reverted) == 1 ? "" : "s")",
                     "\(dryRun ? "would delete" : "deleted") \(count(.deleted)) created",
                     "\(dryRun ? "would re-create" : "re-created") \(count(.recreated)) deleted"]
        for (kind, label) in [(UndoResult.Kind.conflict, "conflict"), (.failed, "failed"), (.notUndoable, "not undoable"),
                              (.stopped, "not undone (interrupted)"), (.notApplied, "never landed"),
                              (.alreadyUndone, "already undone")] where count(kind) > 0 {
            parts.append("\(count(kind)) \(label)")
        }
        var line = "undo of \(run)\(dryRun ? " (dry run, nothing sent)" : ""): " + parts.joined(separator: ", ")
        if count(.conflict) > 0 && !dryRun { line += "; conflicts were left as they are (--force reverts them)" }
        if let undoRun { line += "; journaled as run \(undoRun) (civi undo \(undoRun) redoes it)" }
        return line
    }
}
