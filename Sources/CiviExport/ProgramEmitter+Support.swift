import CiviLang

extension ProgramEmitter {
    /// A program that needs a runtime helper the target lacks is an export error at the
    /// construct that needed it (never a program that fails to compile or run).
    func checkSupport() throws {
        guard let (helper, range) = state.missing else { return }
        throw state.unsupported(ProgramEmitter.construct(of: helper), at: range,
                                hint: "the \(dialect.displayName) runtime does not have it yet; `--to python` and `--to js` cover the whole language")
    }

    /// The civi construct a runtime helper stands for, as a message names it.
    static func construct(of helper: String) -> String {
        if let builtin = builtins.first(where: { $0.value == helper })?.key { return "the built-in `\(builtin)()`" }
        let stages = ["where": "where", "map_each": "map", "sort_by": "sort", "aggregate": "sum/avg/min/max", "render": "json/csv",
                      "select": "select", "take": "take", "skip": "skip", "first": "first", "last": "last", "count": "count",
                      "collect": "collect", "flatten": "flatten", "group": "group", "unique": "unique", "each": "each",
                      "parallel": "parallel", "save": "save"]
        if let stage = stages[helper] { return "the `\(stage)` stage" }
        return "`\(helper)`"
    }
}
