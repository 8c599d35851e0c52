import CiviCore

/// Swift 5.9+ (one file, Foundation only, runs with `swift FILE`): every civi value is the
/// prelude's `Value` enum, civi functions are local `func`s of `main` (called directly, wrapped
/// with `fn` when used as values), lambdas are closures, conditions are `Value`s read with
/// `.isTrue`, and every line that can fail is marked with `try`.
struct SwiftDialect: Dialect {
    static let library = PreludeLibrary(source: String(decoding: PackageResources.prelude_swift, as: UTF8.self), comment: "//")
    var prelude: PreludeLibrary { SwiftDialect.library }

    static let words: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout", "internal",
        "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "as", "false", "is", "nil", "self",
        "Self", "super", "throws", "true", "try", "await", "async", "any", "some", "Any", "Type", "Protocol", "consume", "borrowing",
        "consuming", "copy", "discard", "each", "macro", "package", "_", "main", "it", "print", "String", "Int", "Double", "Bool",
        "Array", "Dictionary", "Set", "Optional", "Error", "Character", "Substring", "Data", "Date", "URL", "URLSession",
        "URLRequest", "Thread", "DispatchQueue", "DispatchGroup", "DispatchSemaphore", "NSLock", "ProcessInfo", "FileHandle",
        "FileManager", "CommandLine", "Task", "exit", "abs", "min", "max", "pow", "zip", "stride", "type", "isTrue",
    ]
    var reserved: Set<String> { SwiftDialect.words.union(prelude.allNames) }
    var supportedHelpers: Set<String>? { prelude.allNames }
    var displayName: String { "Swift" }
    var namedFunctionsAreVariables: Bool { false }

    func program(name: String, main: [String], state: EmitterState) -> String {
        var out = ["#!/usr/bin/env swift",
                   "// Exported from \(name) by `civi export --to swift` (Swift 5.9+, Foundation only).",
                   "// Run: CIVICLICK_BASE_URL=... CIVICLICK_API_KEY=... swift THIS_FILE [ARGS...]",
                   "//  or: swiftc -O THIS_FILE -o program && ./program [ARGS...]",
                   "// The API key is read from the environment; it is never written into this file.",
                   "",
                   prelude.text(for: state.used, always: ["core"])]
        if state.usesAPI {
            out += ["", "", "RESOURCES = ["]
            for r in APIPlan.resources {
                out.append("    \(string(r.name)): Resource(singular: \(string(r.singular)), prefix: \(string(r.prefix)), "
                           + "list: \(string(r.list)), item: \(string(r.item)), byEmail: \(r.byEmail)),")
            }
            out.append("]")
            if state.writes { out.append("SNAPSHOT_LISTINGS = true") }
        }
        out += ["", "", "func main() throws {"]
        out += SwiftDialect.tidied(SwiftDialect.hoistingTopLevelVariables(main)).map { $0.isEmpty ? $0 : "    " + $0 }
        out += ["}", "", "run_main(main)", ""]
        return out.joined(separator: "\n")
    }

    /// civi functions may read top-level variables assigned after the function is written (as
    /// Python and JavaScript closures can), but a Swift local function may not capture a
    /// variable declared after it: `main`'s own variables are declared at its top.
    static func hoistingTopLevelVariables(_ lines: [String]) -> [String] {
        var declared: [String] = []
        var body: [String] = []
        for line in lines {
            if line.hasPrefix("var "), let colon = line.firstRange(of: ": Value = ") {
                let name = String(line[line.index(line.startIndex, offsetBy: 4)..<colon.lowerBound])
                if !declared.contains(name) { declared.append(name) }
                let value = line[colon.upperBound...]
                if value != ".null" { body.append("\(name) = \(value)") }
            } else {
                body.append(line)
            }
        }
        return declared.map { "var \($0): Value = .null" } + (declared.isEmpty ? [] : [""]) + body
    }

    /// `try` before an expression that calls anything (every runtime helper may throw).
    private func tried(_ code: String) -> String {
        if code.hasPrefix("try ") { return code }
        var previous: Character = " "
        for c in code {
            if c == "(", previous.isLetter || previous.isNumber || previous == "_" || previous == "`" { return "try " + code }
            previous = c
        }
        return code.contains("fn {") ? "try " + code : code
    }

    /// The helpers whose result a statement may drop (`@discardableResult` in the prelude).
    static let discardable: Set<String> = {
        var out: Set<String> = []
        let lines = library.sections.flatMap { $0.text.split(separator: "\n") }
        for (n, line) in lines.enumerated() where line == "@discardableResult" && n + 1 < lines.count {
            if let name = lines[n + 1].split(whereSeparator: { " (".contains($0) }).dropFirst().first { out.insert(String(name)) }
        }
        return out
    }()

    /// A call of a civi function or a helper whose result may be dropped stands alone; any other
    /// expression statement assigns to `_`.
    func statement(_ code: String) -> String {
        if code == "break" || code == "continue" { return code }
        if code.hasPrefix("[") { return "let _: Value = " + tried(code) }
        if let open = code.firstIndex(of: "("), open > code.startIndex, code.hasSuffix(")"),
           code[..<open].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
           SwiftDialect.discardable.contains(String(code[..<open])) || !prelude.allNames.contains(String(code[..<open])) {
            return tried(code)
        }
        return "_ = " + tried(code)
    }
    func assign(_ name: String, _ value: String, isNew: Bool) -> String {
        isNew ? "var \(name): Value = \(tried(value))" : "\(name) = \(tried(value))"
    }
    func declareTemp(_ name: String) -> String? { "var \(name): Value = .null" }
    func returnValue(_ value: String) -> String { value.isEmpty ? "return " : "return \(tried(value))" }
    func ifOpen(_ condition: String) -> String { "if \(tried(condition + ".isTrue")) {" }
    func elseIfOpen(_ condition: String) -> String { "} else if \(tried(condition + ".isTrue")) {" }
    func elseOpen() -> String { "} else {" }
    func forOpen(_ name: String, _ sequence: String) -> String { "for \(name) in \(tried(sequence)) {" }
    func whileOpen(_ condition: String) -> String {
        condition == "true" ? "while true {" : "while \(tried(condition + ".isTrue")) {"
    }
    func breakOut(unless condition: String) -> [String] { ["if \(tried("!" + condition + ".isTrue")) { break }"] }
    func tryOpen() -> String { "do {" }
    func catchOpen(_ error: String) -> [String] { ["} catch let \(error) as CiviError {"] }
    func functionOpen(_ name: String, _ parameters: [String], outerAssigned: [String]) -> [String] {
        ["@discardableResult",
         "func \(name)(\(parameters.map { "_ \($0): Value" }.joined(separator: ", "))) throws -> Value {"]
    }
    func close() -> String? { "}" }
    var emptyBody: String? { nil }

    func literal(_ v: Value) -> String? {
        switch v {
        case .null: "Value.null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let d) where d.isNaN: "Value.float(.nan)"
        case .float(let d) where d.isInfinite: d < 0 ? "Value.float(-.infinity)" : "Value.float(.infinity)"
        case .float(let d): d.description
        default: nil
        }
    }

    /// Double-quoted; `\` (so `\(` never interpolates), quotes and control characters escaped.
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
                    out += "\\u{" + String(u.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    func record(_ fields: [(key: String, value: String)]) -> String {
        fields.isEmpty ? "[:]" : "[" + fields.map { "\(string($0.key)): \($0.value)" }.joined(separator: ", ") + "]"
    }
    func not(_ x: String) -> String { "logical_not(\(x))" }
    func and(_ a: String, _ b: String) -> String { "logical_and(\(a), \(b))" }
    func or(_ a: String, _ b: String) -> String { "logical_or(\(a), \(b))" }
    func conditional(_ condition: String, _ then: String, _ otherwise: String) -> String {
        "(\(condition).isTrue ? \(then) : \(otherwise))"
    }
    func lambda(_ parameters: [String], _ body: String) -> String {
        let signature = "(" + parameters.map { "\($0): Value" }.joined(separator: ", ") + ") throws -> Value"
        return "fn { \(signature) in \(tried(body)) }"
    }
    func helperCall(_ name: String, _ arguments: [String]) -> String {
        "\(SwiftDialect.spelled(name))(\(arguments.joined(separator: ", ")))"
    }
    func userCall(_ callee: String, _ arguments: [String]) -> String { "call(" + ([callee] + arguments).joined(separator: ", ") + ")" }
    func directCall(_ name: String, _ arguments: [String]) -> String { "\(name)(\(arguments.joined(separator: ", ")))" }
    func functionValue(_ name: String, arity: Int?) -> String { "fn(\(string(name)), \(SwiftDialect.spelled(name)))" }
    func thunkCall(_ name: String) -> String { "\(name)()" }
    func pairs(_ items: [(String, String)]) -> String { "[" + items.map { "(\($0.0), \($0.1))" }.joined(separator: ", ") + "]" }
    func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    /// A helper named with a Swift keyword is written in backquotes.
    static func spelled(_ name: String) -> String { name == "where" ? "`where`" : name }
}
