import CiviCore

/// JavaScript for Node 18+ (ES module, global `fetch`): everything that may reach the API or call
/// back into the program is `async` and awaited; ints are BigInt, records are Maps.
struct JavaScriptDialect: Dialect {
    static let library = PreludeLibrary(source: String(decoding: PackageResources.prelude_mjs, as: UTF8.self), comment: "//")
    var prelude: PreludeLibrary { JavaScriptDialect.library }

    static let words: Set<String> = [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements", "import", "in",
        "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public", "return", "static",
        "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "async",
        "of", "undefined", "NaN", "Infinity", "arguments", "eval", "main", "it", "Map", "Set", "Array", "Object", "String",
        "Number", "BigInt", "Math", "JSON", "Date", "Promise", "Error", "Symbol", "console", "process", "fs", "Buffer",
        "URL", "URLSearchParams", "fetch", "globalThis", "RegExp", "setTimeout",
    ]
    var reserved: Set<String> { JavaScriptDialect.words.union(prelude.allNames) }

    /// Helpers that may do I/O or call back into the program, so they return promises.
    static let asyncHelpers: Set<String> = [
        "coalesce", "call", "where", "map_each", "select", "take", "skip", "first", "last", "count", "collect", "flatten",
        "sort_by", "aggregate", "group", "unique", "each", "parallel", "applied", "show", "show_value", "fetch_one", "create", "update",
        "delete_record", "civi_get", "raw", "civi_sleep", "render", "save", "render_table",
    ]

    func program(name: String, main: [String], state: EmitterState) -> String {
        var out = ["// Exported from \(name) by `civi export --to js` (Node 18+, ES module, no packages).",
                   "// Run: CIVICLICK_BASE_URL=... CIVICLICK_API_KEY=... node THIS_FILE [ARGS...]",
                   "// The API key is read from the environment; it is never written into this file.",
                   "",
                   prelude.text(for: state.used, always: ["core"])]
        if state.usesAPI {
            out += ["", "const RESOURCES = {"]
            for r in APIPlan.resources {
                out.append("  \(r.name): { singular: \(string(r.singular)), prefix: \(string(r.prefix)), "
                           + "list: \(string(r.list)), item: \(string(r.item)), byEmail: \(r.byEmail) },")
            }
            out.append("};")
            if state.writes { out.append("runtime_settings.snapshotListings = true;") }
        }
        out += ["", "async function main() {"]
        out += main.flatMap { LineWrapping.wrap("  " + $0.halvingIndentation(), step: "  ") }
        out += ["}", "", "await run_main(main);", ""]
        return out.joined(separator: "\n")
    }

    func statement(_ code: String) -> String { code + ";" }
    func assign(_ name: String, _ value: String, isNew: Bool) -> String { (isNew ? "let " : "") + "\(name) = \(value);" }
    func declareTemp(_ name: String) -> String? { "let \(name);" }
    func returnValue(_ value: String) -> String { value.isEmpty ? "return " : "return \(value);" }
    func ifOpen(_ condition: String) -> String { "if (\(condition)) {" }
    func elseIfOpen(_ condition: String) -> String { "} else if (\(condition)) {" }
    func elseOpen() -> String { "} else {" }
    func forOpen(_ name: String, _ sequence: String) -> String { "for await (let \(name) of \(sequence)) {" }
    func whileOpen(_ condition: String) -> String { "while (\(condition)) {" }
    func breakOut(unless condition: String) -> [String] { ["if (!\(condition)) break;"] }
    func tryOpen() -> String { "try {" }
    func catchOpen(_ error: String) -> [String] {
        ["} catch (\(error)) {", "    if (!(\(error) instanceof CiviError)) throw \(error);"]
    }
    func functionOpen(_ name: String, _ parameters: [String], outerAssigned: [String]) -> [String] {
        ["async function \(name)(\(parameters.joined(separator: ", "))) {"]
    }
    func close() -> String? { "}" }
    var emptyBody: String? { nil }

    func literal(_ v: Value) -> String? {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): i == Int.min ? "(\(i + 1)n - 1n)" : "\(i)n"
        case .float(let d) where d.isNaN: "NaN"
        case .float(let d) where d.isInfinite: d < 0 ? "-Infinity" : "Infinity"
        case .float(let d): d.description
        default: nil
        }
    }

    /// Double-quoted, with control characters and line separators escaped.
    func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    func record(_ fields: [(key: String, value: String)]) -> String {
        fields.isEmpty ? "new Map()" : "record(" + fields.map { "\(string($0.key)), \($0.value)" }.joined(separator: ", ") + ")"
    }
    func not(_ x: String) -> String { "!\(x)" }
    func and(_ a: String, _ b: String) -> String { "(\(a) && \(b))" }
    func or(_ a: String, _ b: String) -> String { "(\(a) || \(b))" }
    func conditional(_ condition: String, _ then: String, _ otherwise: String) -> String { "(\(condition) ? \(then) : \(otherwise))" }
    func lambda(_ parameters: [String], _ body: String) -> String {
        "(async (\(parameters.joined(separator: ", "))) => \(body.hasPrefix("{") ? "(\(body))" : body))"
    }
    func helperCall(_ name: String, _ arguments: [String]) -> String {
        let call = "\(name)(\(arguments.joined(separator: ", ")))"
        return JavaScriptDialect.asyncHelpers.contains(name) ? "(await \(call))" : call
    }
    func userCall(_ callee: String, _ arguments: [String]) -> String { "(await \(callee)(\(arguments.joined(separator: ", "))))" }
    func thunkCall(_ name: String) -> String { "(await \(name)())" }
    func pairs(_ items: [(String, String)]) -> String { "[" + items.map { "[\($0.0), \($0.1)]" }.joined(separator: ", ") + "]" }
    func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    // Array methods do not await their callbacks: only a body with nothing to await goes inline.
    func filteredList(_ source: String, element: String, condition: String) -> String? {
        condition.contains("await") ? nil : "\(source).filter((\(element)) => \(condition))"
    }
    func mappedList(_ source: String, element: String, value: String) -> String? {
        value.contains("await") ? nil : "\(source).map((\(element)) => \(value.hasPrefix("{") ? "(\(value))" : value))"
    }
}

extension String {
    /// The walk indents by four spaces; JavaScript programs read better with two.
    func halvingIndentation() -> String {
        let spaces = prefix { $0 == " " }.count
        return String(repeating: " ", count: spaces / 2) + dropFirst(spaces)
    }
}
