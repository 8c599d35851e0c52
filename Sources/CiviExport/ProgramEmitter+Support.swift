import CiviLang

extension ProgramEmitter {
    /// A program that needs a runtime helper the target lacks is an export error at the
    /// construct that needed it (never a program that fails to compile or run).
    func checkSupport() throws {
        // The place may be inside a library (`use`), so the error names the file it was read from.
        guard let (helper, range, file) = state.missing else { return }
        throw file.error("\(ProgramEmitter.construct(of: helper)) cannot be exported", at: range,
                         hint: "the \(dialect.displayName) runtime does not have it yet; `--to python` and `--to js` cover the whole language")
    }

    /// The civi construct a runtime helper stands for, as a message names it.
    static func construct(of helper: String) -> String {
        if let builtin = builtins.first(where: { $0.value == helper })?.key { return "the built-in `\(builtin)()`" }
        let stages = ["where": "where", "map_each": "map", "sort_by": "sort", "aggregate": "sum/avg/min/max", "render": "json/csv",
                      "select": "select", "take": "take", "skip": "skip", "first": "first", "last": "last", "count": "count",
                      "collect": "collect", "flatten": "flatten", "group": "group", "unique": "unique", "each": "each",
                      "parallel": "parallel", "save": "save", "render_table": "table"]
        if let stage = stages[helper] { return "the `\(stage)` stage" }
        if helper == "api_function" { return "an API function used as a value" }
        if helper == "refuse_call" { return "a named argument of a function value" }
        return "`\(helper)`"
    }
}
