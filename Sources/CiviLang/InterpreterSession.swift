import CiviCore

extension Interpreter {
    /// Binds the top-level variable `name` to `value` from outside the language (the REPL's `_`).
    public func setVariable(_ name: String, to value: Value) {
        let g = runtime.globals
        let slot = g.slot(name)
        g.cells[slot].pointee.set(value)
    }

    /// True when `source` parses as exactly one expression statement (so `_ = (source)` means the same).
    public func isSingleExpression(_ source: String) -> Bool {
        var parser = Parser(file: SourceFile(name: "<repl>", text: source))
        let statements = parser.parseChunk()
        guard parser.issues.isEmpty, statements.count == 1, case .expr = statements[0].kind else { return false }
        return true
    }
}
