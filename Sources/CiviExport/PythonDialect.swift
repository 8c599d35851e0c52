import CiviCore

/// Python 3.9+: civi's top level becomes `main()`, lambdas `lambda`, blocks indentation.
struct PythonDialect: Dialect {
    static let library = PreludeLibrary(source: String(decoding: PackageResources.prelude_py, as: UTF8.self), comment: "#")
    var prelude: PreludeLibrary { PythonDialect.library }

    static let words: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
        "list", "dict", "str", "int", "float", "bool", "len", "print", "range", "type", "sorted", "any", "all", "sum",
        "min", "max", "open", "id", "iter", "next", "map", "filter", "set", "tuple", "object", "super", "isinstance",
        "hasattr", "getattr", "callable", "main", "it", "input", "format", "round", "abs", "hash",
        "repr", "vars", "zip", "enumerate", "reversed", "exec", "eval", "compile", "globals", "locals",
    ]
    var reserved: Set<String> { PythonDialect.words.union(prelude.allNames) }

    func program(name: String, main: [String], state: EmitterState) -> String {
        var out = ["#!/usr/bin/env python3",
                   "# Exported from \(name) by `civi export --to python` (Python 3.9+, standard library only).",
                   "# Run: CIVICLICK_BASE_URL=... CIVICLICK_API_KEY=... python3 THIS_FILE [ARGS...]",
                   "# The API key is read from the environment; it is never written into this file.",
                   "",
                   prelude.text(for: state.used, always: ["core"])]
        if state.usesAPI {
            out += ["", "", "RESOURCES = {"]
            for r in APIPlan.resources {
                out.append("    \(string(r.name)): {\"singular\": \(string(r.singular)), \"prefix\": \(string(r.prefix)), "
                           + "\"list\": \(string(r.list)), \"item\": \(string(r.item)), \"by_email\": \(r.byEmail ? "True" : "False")},")
            }
            out.append("}")
            if state.writes { out.append("SNAPSHOT_LISTINGS = True") }
        }
        out += ["", "", "def main():"]
        out += main.isEmpty ? ["    pass"] : main.flatMap { LineWrapping.wrap("    " + $0, step: "    ") }
        out += ["", "", "if __name__ == \"__main__\":", "    run_main(main)", ""]
        return out.joined(separator: "\n")
    }

    func statement(_ code: String) -> String { code }
    func assign(_ name: String, _ value: String, isNew: Bool) -> String { "\(name) = \(value)" }
    func declareTemp(_ name: String) -> String? { nil }
    func returnValue(_ value: String) -> String { value.isEmpty ? "return " : "return \(value)" }
    func ifOpen(_ condition: String) -> String { "if \(condition):" }
    func elseIfOpen(_ condition: String) -> String { "elif \(condition):" }
    func elseOpen() -> String { "else:" }
    func forOpen(_ name: String, _ sequence: String) -> String { "for \(name) in \(sequence):" }
    func whileOpen(_ condition: String) -> String { "while \(condition):" }
    func breakOut(unless condition: String) -> [String] { ["if not \(condition):", "    break"] }
    func tryOpen() -> String { "try:" }
    func catchOpen(_ error: String) -> [String] { ["except CiviError as \(error):"] }
    func functionOpen(_ name: String, _ parameters: [String], outerAssigned: [String]) -> [String] {
        ["def \(name)(\(parameters.joined(separator: ", "))):"]
            + (outerAssigned.isEmpty ? [] : ["    nonlocal " + outerAssigned.joined(separator: ", ")])
    }
    func close() -> String? { nil }
    var emptyBody: String? { "pass" }

    func literal(_ v: Value) -> String? {
        switch v {
        case .null: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .float(let d) where d.isNaN: "float(\"nan\")"
        case .float(let d) where d.isInfinite: d < 0 ? "float(\"-inf\")" : "float(\"inf\")"
        case .float(let d): d.description
        default: nil
        }
    }

    /// Double-quoted, with control characters and lone surrogates escaped.
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
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    func record(_ fields: [(key: String, value: String)]) -> String {
        "{" + fields.map { "\(string($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }
    func not(_ x: String) -> String { "(not \(x))" }
    func and(_ a: String, _ b: String) -> String { "(\(a) and \(b))" }
    func or(_ a: String, _ b: String) -> String { "(\(a) or \(b))" }
    func conditional(_ condition: String, _ then: String, _ otherwise: String) -> String { "(\(then) if \(condition) else \(otherwise))" }
    func lambda(_ parameters: [String], _ body: String) -> String {
        parameters.isEmpty ? "lambda: \(body)" : "(lambda \(parameters.joined(separator: ", ")): \(body))"
    }
    func helperCall(_ name: String, _ arguments: [String]) -> String { "\(name)(\(arguments.joined(separator: ", ")))" }
    func userCall(_ callee: String, _ arguments: [String]) -> String { "\(callee)(\(arguments.joined(separator: ", ")))" }
    func thunkCall(_ name: String) -> String { "\(name)()" }
    func pairs(_ items: [(String, String)]) -> String { "[" + items.map { "(\($0.0), \($0.1))" }.joined(separator: ", ") + "]" }
    func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    // A comprehension binds its variable once for all elements: a lambda in the body would see the
    // last element, not its own (a civi lambda keeps its own), so such a body keeps the helper.
    func filteredList(_ source: String, element: String, condition: String) -> String? {
        condition.contains("lambda") ? nil : "[\(element) for \(element) in \(source) if \(condition)]"
    }
    func mappedList(_ source: String, element: String, value: String) -> String? {
        value.contains("lambda") ? nil : "[\(value) for \(element) in \(source)]"
    }
}
