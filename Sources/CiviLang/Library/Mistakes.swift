import CiviCore

/// Hints for the mistakes people make most: a stream used as a list, a function used as a value,
/// a stage named as in another tool.
public enum Mistakes {
    /// A hint for a value of the wrong kind: a stream that should be collected, a function that
    /// should be called.
    public static func hint(forUnexpected value: Value) -> String? {
        switch value {
        case .stream:
            "a stream is a query, not a list: collect it first (`s | collect`), or use a stage (`s | count`, `s | first`)"
        case .function(let f):
            "`\(f.displayName)` is a function: call it, `\(f.displayName)()`"
        default:
            nil
        }
    }

    /// Names other tools give the stages (jq, SQL, pandas, LINQ), and the civi stage each means.
    static let stageAliases: [String: String] = [
        "filter": "where", "select_where": "where", "grep": "where",
        "groupby": "group", "group_by": "group",
        "sortby": "sort", "sort_by": "sort", "orderby": "sort", "order_by": "sort",
        "limit": "take", "head": "take", "offset": "skip", "drop": "skip",
        "distinct": "unique", "uniq": "unique",
        "foreach": "each", "for_each": "each", "apply": "map",
        "tolist": "collect", "to_list": "collect", "list": "collect",
        "average": "avg", "mean": "avg", "total": "sum",
    ]

    /// The stage `name` probably means: an alias from another tool, or a stage within a small
    /// edit distance (`tabel` → `table`).
    public static func stage(near name: String) -> String? {
        if let alias = stageAliases[name] { return alias }
        let limit = name.count < 3 ? 0 : max(1, (name.count + 1) / 3)
        return nearest(to: name, among: Parser.stageNames, within: limit)
    }
}
