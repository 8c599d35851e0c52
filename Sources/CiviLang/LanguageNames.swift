/// Names the REPL completes: keywords, built-ins, stages and API functions.
public enum LanguageNames {
    /// Reserved words.
    public static let keywords: [String] = Keyword.allCases.map(\.rawValue)
    /// Built-in functions (library and interpreter).
    public static let builtins: [String] = (Array(Builtins.all.keys) + CoreBuiltins.names).sorted()
    /// Stage names usable after `|`.
    public static let stages: [String] = Parser.stageNames
    /// API functions (lists, get, create, update, delete, raw requests).
    public static let apiFunctions: [String] = APIFunctions.names
}
