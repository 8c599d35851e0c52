// civi's runtime for exported Swift programs (Swift 5.9+, Foundation only; URLSession with
// async/await behind one blocking bridge, so the exported program itself reads top to bottom).
// Values are one enum (`Value`) with civi's semantics. The exporter copies only the sections a
// program uses: each starts with a line "// @section NAME needs: OTHER ..." and runs to the next
// such line.

// @section core needs:
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A civi value: value semantics come with Swift's enums, arrays and structs.
enum Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// Seconds since 1970, UTC.
    case date(Double)
    case list([Value])
    case record(Record)
    case function(Fn)
    case stream(ListingStream)

    init(integerLiteral v: Int) { self = .int(v) }
    init(floatLiteral v: Double) { self = .float(v) }
    init(booleanLiteral v: Bool) { self = .bool(v) }
    init(stringLiteral v: String) { self = .string(v) }
    init(arrayLiteral items: Value...) { self = .list(items) }
    init(dictionaryLiteral pairs: (String, Value)...) { self = .record(Record(pairs)) }

    /// civi's truth: only null and false are false.
    var isTrue: Bool {
        switch self {
        case .null, .bool(false): return false
        default: return true
        }
    }
}

extension Bool {
    /// Lets a Swift condition stand where a civi condition is expected.
    var isTrue: Bool { self }
}

/// A record: fields in insertion order.
struct Record {
    private(set) var keys: [String] = []
    private var values: [String: Value] = [:]

    init(_ pairs: [(String, Value)] = []) {
        for (k, v) in pairs { self[k] = v }
    }

    subscript(key: String) -> Value? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }

    var count: Int { keys.count }
    var pairs: [(String, Value)] { keys.map { ($0, values[$0]!) } }
}

/// A function value (a civi `fn` or lambda).
final class Fn {
    let name: String
    let arity: Int
    let body: ([Value]) throws -> Value

    init(_ name: String, _ arity: Int, _ body: @escaping ([Value]) throws -> Value) {
        self.name = name
        self.arity = arity
        self.body = body
    }
}

/// A runtime helper that takes any number of values (`print`) as a function value.
func fn(_ name: String = "lambda", _ f: @escaping (Value...) throws -> Value) throws -> Value {
    .function(Fn(name, -1) { args in try withoutActuallyEscaping(f) { g in try variadic(g, args) } })
}

/// Calls a variadic function with an array of arguments (Swift cannot splat one).
func variadic(_ f: (Value...) throws -> Value, _ args: [Value]) throws -> Value {
    switch args.count {
    case 0: return try f()
    case 1: return try f(args[0])
    case 2: return try f(args[0], args[1])
    case 3: return try f(args[0], args[1], args[2])
    default: return try f(args[0], args[1], args[2], args[3])
    }
}

func fn(_ name: String = "lambda", _ f: @escaping () throws -> Value) throws -> Value { .function(Fn(name, 0) { _ in try f() }) }
func fn(_ name: String = "lambda", _ f: @escaping (Value) throws -> Value) throws -> Value { .function(Fn(name, 1) { try f($0[0]) }) }
func fn(_ name: String = "lambda", _ f: @escaping (Value, Value) throws -> Value) throws -> Value {
    .function(Fn(name, 2) { try f($0[0], $0[1]) })
}
func fn(_ name: String = "lambda", _ f: @escaping (Value, Value, Value) throws -> Value) throws -> Value {
    .function(Fn(name, 3) { try f($0[0], $0[1], $0[2]) })
}
func fn(_ name: String = "lambda", _ f: @escaping (Value, Value, Value, Value) throws -> Value) throws -> Value {
    .function(Fn(name, 4) { try f($0[0], $0[1], $0[2], $0[3]) })
}

/// A step a lazy listing applies to each record.
enum Step {
    case filter(Value)
    case map(Value)
    case take(Int)
    case skip(Int)
}

/// An API listing read lazily (the `api` section's `Query`).
protocol ListingStream: AnyObject {
    var label: String { get }
    func adding(_ step: Step, _ label: String) -> ListingStream
    /// Calls `body` with each record until it returns false.
    func iterate(wantsAll: Bool, _ body: (Value) throws -> Bool) throws
    /// The records one at a time: each call gives the next record through the steps (fetching a
    /// page when the one before is used up), nil after the last.
    func cursor() -> () throws -> Value?
    func count() throws -> Int
}

/// An error a civi `catch` can handle: API failures carry status, code, fields and request id.
struct CiviError: Error {
    var message: String
    var status: Int? = nil
    var code: String? = nil
    var fields: [(String, String)]? = nil
    var requestID: String? = nil

    var record: Value {
        let f: Value = fields.map { .record(Record($0.sorted { $0.0 < $1.0 }.map { ($0.0, Value.string($0.1)) })) } ?? .null
        return .record(Record([("message", .string(message)), ("status", status.map { .int($0) } ?? .null),
                               ("code", code.map { .string($0) } ?? .null), ("fields", f),
                               ("request_id", requestID.map { .string($0) } ?? .null), ("line", .null)]))
    }
}

/// `exit()` and `fail()`: ends the program with a status.
struct ExitProgram: Error {
    let code: Int32
    let message: String?
}

let KEYWORDS: Set<String> = ["if", "else", "for", "in", "while", "break", "continue", "fn", "return",
                             "try", "catch", "and", "or", "not", "true", "false", "null"]
let ARGS = Value.list(CommandLine.arguments.dropFirst().map { .string($0) })

func fault(_ message: String) -> CiviError { CiviError(message: message) }

func type_name(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float"
    case .string: return "string"
    case .date: return "date"
    case .list: return "list"
    case .record: return "record"
    case .function: return "function"
    case .stream: return "stream"
    }
}

func truthy(_ v: Value) throws -> Value { .bool(v.isTrue) }

func logical_and(_ a: Value, _ b: @autoclosure () throws -> Value) rethrows -> Value { a.isTrue ? try b() : a }
func logical_or(_ a: Value, _ b: @autoclosure () throws -> Value) rethrows -> Value { a.isTrue ? a : try b() }
func logical_not(_ a: Value) throws -> Value { .bool(!a.isTrue) }

func fmt_float(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    return d.description
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
func civil(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

/// (year, month, day) → days since 1970-01-01.
func days_from_civil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// An instant as ISO-8601 UTC, with milliseconds when not whole.
func iso(_ seconds: Double) -> String {
    var whole = seconds.rounded(.down)
    var millis = ((seconds - whole) * 1000 + 0.5).rounded(.down)
    if millis == 1000 { whole += 1; millis = 0 }
    let total = Int(whole)
    let days = total >= 0 ? total / 86400 : -((-total + 86399) / 86400)
    let rest = total - days * 86400
    let (y, mo, d) = civil(days)
    let year = String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y)
    var text = "\(year)-\(two(mo))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    if millis > 0 {
        let m = Int(millis)
        text += "." + (m < 10 ? "00" : m < 100 ? "0" : "") + String(m)
    }
    return text + "Z"
}

let ISO_DATE = try! NSRegularExpression(pattern: #"^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?(Z|z|[+-]\d\d(?::?\d\d)?)?$"#)

/// The instant an ISO-8601 text stands for, or nil.
func parse_date(_ text: String) -> Double? {
    let ns = text as NSString
    guard let m = ISO_DATE.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
    func group(_ n: Int) -> String? {
        let r = m.range(at: n)
        return r.location == NSNotFound ? nil : ns.substring(with: r)
    }
    let y = Int(group(1)!)!, mo = Int(group(2)!)!, d = Int(group(3)!)!
    let h = Int(group(4) ?? "0")!, mi = Int(group(5) ?? "0")!, s = Int(group(6) ?? "0")!
    let monthDays = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard (1...12).contains(mo), d >= 1, d <= monthDays[mo - 1], y >= 1, h <= 23, mi <= 59, s <= 60 else { return nil }
    var seconds = Double(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) + (group(7).flatMap { Double("0" + $0) } ?? 0)
    if let zone = group(8), zone != "Z", zone != "z" {
        let sign: Double = zone.hasPrefix("-") ? -1 : 1
        let digits = Array(zone.dropFirst().replacingOccurrences(of: ":", with: ""))
        let hours = Int(String(digits[0..<2]))!, minutes = digits.count >= 4 ? Int(String(digits[2..<4]))! : 0
        seconds -= sign * Double(hours * 3600 + minutes * 60)
    }
    return seconds
}

func is_identifier(_ key: String) -> Bool {
    guard !KEYWORDS.contains(key), let first = key.unicodeScalars.first,
          first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
    return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
}

func quote(_ s: String) -> String {
    var out = "\""
    let scalars = Array(s.unicodeScalars)
    for (n, ch) in scalars.enumerated() {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "$" where n + 1 < scalars.count && scalars[n + 1] == "{": out += "\\$"
        default:
            if ch.value < 0x20 || ch.value == 0x7F {
                out += "\\u{" + String(ch.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    return out + "\""
}

/// The literal form civi prints inside lists and records (strings quoted).
func repr_value(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d): return fmt_float(d)
    case .string(let s): return quote(s)
    case .date(let d): return iso(d)
    case .list(let xs): return "[" + xs.map(repr_value).joined(separator: ", ") + "]"
    case .record(let r):
        return "{" + r.pairs.map { (is_identifier($0.0) ? $0.0 : quote($0.0)) + ": " + repr_value($0.1) }.joined(separator: ", ") + "}"
    case .function(let f): return "<fn \(f.name)>"
    case .stream(let s): return "<stream \(s.label)>"
    }
}

/// What `print` and interpolation show: a string as itself, anything else as its literal.
func text(_ v: Value) -> String {
    if case .string(let s) = v { return s }
    return repr_value(v)
}

@discardableResult
func civi_print(_ values: Value...) throws -> Value {
    print(values.map(text).joined(separator: " "))
    return .null
}

@discardableResult
func civi_eprint(_ values: Value...) throws -> Value {
    FileHandle.standardError.write((values.map(text).joined(separator: " ") + "\n").data(using: .utf8)!)
    return .null
}

func interpolate(_ parts: Value...) throws -> Value { .string(parts.map(text).joined()) }

func checked(_ r: (partialValue: Int, overflow: Bool), _ op: String) throws -> Value {
    if r.overflow { throw fault("integer overflow in `\(op)`") }
    return .int(r.partialValue)
}

func number(_ v: Value) -> Double? {
    switch v {
    case .int(let i): return Double(i)
    case .float(let d): return d
    default: return nil
    }
}

func type_fault(_ op: String, _ a: Value, _ b: Value) -> CiviError {
    fault("cannot apply `\(op)` to \(type_name(a)) and \(type_name(b))")
}

func add(_ a: Value, _ b: Value) throws -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try checked(x.addingReportingOverflow(y), "+")
    case (.string(let x), .string(let y)): return .string(x + y)
    case (.list(let x), .list(let y)): return .list(x + y)
    case (.record(var x), .record(let y)):
        for (k, v) in y.pairs { x[k] = v }
        return .record(x)
    case (.date(let d), _) where number(b) != nil: return .date(d + number(b)!)
    case (_, .date(let d)) where number(a) != nil: return .date(d + number(a)!)
    default:
        if let x = number(a), let y = number(b) { return .float(x + y) }
        throw type_fault("+", a, b)
    }
}

func sub(_ a: Value, _ b: Value) throws -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try checked(x.subtractingReportingOverflow(y), "-")
    case (.date(let x), .date(let y)): return .float(x - y)
    case (.date(let d), _) where number(b) != nil: return .date(d - number(b)!)
    default:
        if let x = number(a), let y = number(b) { return .float(x - y) }
        throw type_fault("-", a, b)
    }
}

func mul(_ a: Value, _ b: Value) throws -> Value {
    if case .int(let x) = a, case .int(let y) = b { return try checked(x.multipliedReportingOverflow(by: y), "*") }
    if let x = number(a), let y = number(b) { return .float(x * y) }
    throw type_fault("*", a, b)
}

func div(_ a: Value, _ b: Value) throws -> Value {
    guard let x = number(a), let y = number(b) else { throw type_fault("/", a, b) }
    if y == 0 { throw fault("division by zero") }
    return .float(x / y)
}

func rem(_ a: Value, _ b: Value) throws -> Value {
    guard let x = number(a), let y = number(b) else { throw type_fault("%", a, b) }
    if y == 0 { throw fault("remainder by zero") }
    if case .int(let i) = a, case .int(let j) = b { return try checked(i.remainderReportingOverflow(dividingBy: j), "%") }
    return .float(x.truncatingRemainder(dividingBy: y))
}

func neg(_ a: Value) throws -> Value {
    switch a {
    case .int(let i): return try checked((0).subtractingReportingOverflow(i), "-")
    case .float(let d): return .float(-d)
    default: throw fault("cannot negate " + type_name(a))
    }
}

/// Structural equality: ints equal floats of the same value; bools equal only bools.
func equal(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.date(let x), .date(let y)): return x == y
    case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
    case (.record(let x), .record(let y)):
        return x.count == y.count && x.pairs.allSatisfy { k, v in y[k].map { equal(v, $0) } ?? false }
    case (.function(let x), .function(let y)): return x === y
    case (.stream(let x), .stream(let y)): return x === y
    default:
        if case .int(let x) = a, case .int(let y) = b { return x == y }
        if let x = number(a), let y = number(b) { return x == y }
        return false
    }
}

func eq(_ a: Value, _ b: Value) throws -> Value { .bool(equal(a, b)) }
func ne(_ a: Value, _ b: Value) throws -> Value { .bool(!equal(a, b)) }

func rank(_ v: Value) -> Int {
    switch v {
    case .null: return 0
    case .bool: return 1
    case .int, .float: return 2
    case .date: return 3
    case .string: return 4
    case .list: return 5
    case .record: return 6
    default: return 7
    }
}

/// -1, 0 or 1: civi's total order (null < false < true < numbers < dates < strings < lists < records).
func order(_ a: Value, _ b: Value) -> Int {
    let ra = rank(a), rb = rank(b)
    if ra != rb { return ra < rb ? -1 : 1 }
    func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x > y ? 1 : 0 }
    switch (a, b) {
    case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
    case (.int(let x), .int(let y)): return cmp(x, y)
    case (.date(let x), .date(let y)): return cmp(x, y)
    case (.string(let x), .string(let y)):
        if x == y { return 0 }
        return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) { $0.value < $1.value } ? -1 : 1
    case (.list(let x), .list(let y)):
        for (p, q) in zip(x, y) {
            let c = order(p, q)
            if c != 0 { return c }
        }
        return cmp(x.count, y.count)
    case (.record(let x), .record(let y)):
        let kx = x.keys.sorted(by: scalar_less), ky = y.keys.sorted(by: scalar_less)
        let c = order(.list(kx.map { .string($0) }), .list(ky.map { .string($0) }))
        if c != 0 { return c }
        for k in kx {
            let c = order(x[k]!, y[k]!)
            if c != 0 { return c }
        }
        return 0
    default:
        guard let x = number(a), let y = number(b) else { return 0 }
        if x.isNaN { return y.isNaN ? 0 : -1 }
        if y.isNaN { return 1 }
        return cmp(x, y)
    }
}

func scalar_less(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}

func lt(_ a: Value, _ b: Value) throws -> Value { .bool(order(a, b) < 0) }
func le(_ a: Value, _ b: Value) throws -> Value { .bool(order(a, b) <= 0) }
func gt(_ a: Value, _ b: Value) throws -> Value { .bool(order(a, b) > 0) }
func ge(_ a: Value, _ b: Value) throws -> Value { .bool(order(a, b) >= 0) }

/// `needle in haystack`: list membership, record key, substring.
func member(_ needle: Value, _ haystack: Value) throws -> Value {
    switch haystack {
    case .list(let xs): return .bool(xs.contains { equal(needle, $0) })
    case .record(let r):
        guard case .string(let k) = needle else { throw fault("`in` a record needs a string key, got " + type_name(needle)) }
        return .bool(r[k] != nil)
    case .string(let s):
        guard case .string(let n) = needle else { throw fault("`in` a string needs a string, got " + type_name(needle)) }
        return .bool(n.isEmpty || s.contains(n))
    case .null: return false
    default: throw fault("cannot use `in` with " + type_name(haystack))
    }
}

func matches(_ s: Value, _ pattern: Value) throws -> Value {
    guard case .string(let text) = s, case .string(let p) = pattern else {
        throw fault("`=~` needs a string on the left and a pattern string on the right, got \(type_name(s)) and \(type_name(pattern))")
    }
    guard let regex = try? NSRegularExpression(pattern: p) else { throw fault("invalid pattern \(quote(p))") }
    return .bool(regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil)
}

func coalesce(_ a: Value, _ b: Value) throws -> Value {
    if case .null = a { return try call(b) }
    return a
}

/// `v.name`: a missing field, or a field of null, is null; a date's parts are UTC ints.
func field(_ v: Value, _ name: String) throws -> Value {
    switch v {
    case .record(let r): return r[name] ?? .null
    case .null: return .null
    case .date(let seconds):
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86400 : -((-whole + 86399) / 86400)
        let rest = whole - days * 86400
        let (y, m, d) = civil(days)
        switch name {
        case "year": return .int(y)
        case "month": return .int(m)
        case "day": return .int(d)
        case "hour": return .int(rest / 3600)
        case "minute": return .int(rest / 60 % 60)
        case "second": return .int(rest % 60)
        case "weekday": return .int(((days % 7) + 7 + 3) % 7 + 1)
        default: break
        }
    default: break
    }
    throw fault("cannot read field `\(name)` of \(type_name(v))")
}

/// `v.name?`: the field, or null when it is missing or `v` is not a record.
func field_or_null(_ v: Value, _ name: String) throws -> Value { member_or_null(v, name) }

func member_or_null(_ v: Value, _ name: String) -> Value {
    if case .record(let r) = v { return r[name] ?? .null }
    return .null
}

/// `v[lo:hi]` on a list or string, clamped; a null bound is that end; null gives null.
func slice_of(_ v: Value, _ lo: Value, _ hi: Value) throws -> Value {
    func bound(_ b: Value, _ count: Int, _ otherwise: Int) throws -> Int {
        switch b {
        case .null: return otherwise
        case .int(let i): return i < 0 ? max(0, count + i) : min(i, count)
        default: throw fault("a slice bound must be an int, got " + type_name(b))
        }
    }
    switch v {
    case .null: return .null
    case .list(let xs):
        let a = try bound(lo, xs.count, 0), b = try bound(hi, xs.count, xs.count)
        return .list(a < b ? Array(xs[a..<b]) : [])
    case .string(let s):
        let cs = Array(s.unicodeScalars)
        let a = try bound(lo, cs.count, 0), b = try bound(hi, cs.count, cs.count)
        var out = String.UnicodeScalarView()
        if a < b { out.append(contentsOf: cs[a..<b]) }
        return .string(String(out))
    default: throw fault("cannot slice " + type_name(v))
    }
}

/// `v[key]`: out-of-range indexes and missing keys give null; negative indexes count from the end.
func index(_ v: Value, _ key: Value) throws -> Value {
    switch (v, key) {
    case (.list(let xs), .int(let i)):
        let k = i < 0 ? xs.count + i : i
        return k >= 0 && k < xs.count ? xs[k] : .null
    case (.string(let s), .int(let i)):
        let cs = Array(s.unicodeScalars)
        let k = i < 0 ? cs.count + i : i
        return k >= 0 && k < cs.count ? .string(String(cs[k])) : .null
    case (.record(let r), .string(let k)): return r[k] ?? .null
    case (.null, _): return .null
    case (.list, _), (.string, _): throw fault("a \(type_name(v)) index must be an int, got \(type_name(key))")
    case (.record, _): throw fault("a record key must be a string, got " + type_name(key))
    default: throw fault("cannot index " + type_name(v))
    }
}

/// A copy of `value` with `new` at `path` (`a.b[0] = x`); the original never changes.
func assign(_ value: Value, _ path: [Value], _ new: Value) throws -> Value {
    guard let key = path.first else { return new }
    let rest = Array(path.dropFirst())
    switch (value, key) {
    case (.record(var r), .string(let k)):
        r[k] = try assign(r[k] ?? .null, rest, new)
        return .record(r)
    case (.list(var xs), .int(let i)):
        let k = i < 0 ? xs.count + i : i
        guard k >= 0, k < xs.count else { throw fault("index \(i) is out of range for a list of \(xs.count)") }
        xs[k] = try assign(xs[k], rest, new)
        return .list(xs)
    case (_, .string(let k)): throw fault("cannot set field `\(k)` of \(type_name(value))")
    default: throw fault("cannot assign into \(type_name(value)) by index")
    }
}

@discardableResult
func call(_ f: Value, _ args: Value...) throws -> Value {
    guard case .function(let fn) = f else { throw fault(type_name(f) + " is not a function") }
    guard fn.arity == args.count || fn.arity < 0 else {
        throw fault("\(fn.name) expects \(fn.arity) argument\(fn.arity == 1 ? "" : "s"), got \(args.count)")
    }
    return try fn.body(args)
}

/// A call civi refuses once its arguments are evaluated (named arguments of a function that takes none).
func refuse_call(_ message: String, _ arguments: Value...) throws -> Value { throw fault(message) }

/// An API function used as a value: civi's argument-count check, then the call (absent optional
/// arguments are null, which the call treats as absent).
func api_function(_ name: String, _ lo: Int, _ hi: Int, _ f: @escaping ([Value]) throws -> Value) -> Value {
    .function(Fn(name, -1) { args in
        guard args.count >= lo && args.count <= hi else {
            let want = lo == hi ? String(lo) : "\(lo) to \(hi)"
            throw fault("\(name)() takes \(want) argument\(want == "1" ? "" : "s"), got \(args.count)")
        }
        return try f(args + Array(repeating: Value.null, count: hi - args.count))
    })
}

func api_function(_ name: String, _ lo: Int, _ hi: Int, _ f: @escaping () throws -> Value) throws -> Value {
    api_function(name, lo, hi) { (_: [Value]) in try f() }
}
func api_function(_ name: String, _ lo: Int, _ hi: Int, _ f: @escaping (Value) throws -> Value) throws -> Value {
    api_function(name, lo, hi) { (args: [Value]) in try f(args[0]) }
}
func api_function(_ name: String, _ lo: Int, _ hi: Int, _ f: @escaping (Value, Value) throws -> Value) throws -> Value {
    api_function(name, lo, hi) { (args: [Value]) in try f(args[0], args[1]) }
}
func api_function(_ name: String, _ lo: Int, _ hi: Int, _ f: @escaping (Value, Value, Value) throws -> Value) throws -> Value {
    api_function(name, lo, hi) { (args: [Value]) in try f(args[0], args[1], args[2]) }
}

func fail_with(_ message: Value) throws -> Value {
    if case .record(let r) = message {
        var status: Int? = nil, code: String? = nil
        if case .int(let s)? = r["status"] { status = s }
        if case .string(let c)? = r["code"] { code = c }
        throw CiviError(message: r["message"].map(text) ?? "error", status: status, code: code)
    }
    throw CiviError(message: text(message))
}

@discardableResult
func civi_assert(_ condition: Value, _ message: Value? = nil) throws -> Value {
    if !condition.isTrue { throw fault("assertion failed" + (message.map { ": " + text($0) } ?? "")) }
    return .null
}

/// `assert(left OP right)`: a failure shows the condition and both sides, as civi does.
@discardableResult
func civi_assert_compare(_ op: String, _ left: Value, _ right: Value, _ source: String, _ message: Value? = nil) throws -> Value {
    let c = order(left, right)
    let holds = switch op {
    case "==": equal(left, right)
    case "!=": !equal(left, right)
    case "<": c < 0
    case "<=": c <= 0
    case ">": c > 0
    default: c >= 0
    }
    if !holds {
        let head = "assertion failed: " + (message.map { text($0) + "\n  " } ?? "")
        throw fault(head + source + "\n  left:  " + repr_value(left) + "\n  right: " + repr_value(right))
    }
    return .null
}

/// The record a civi `catch e` binds.
func caught(_ err: CiviError) throws -> Value { err.record }

/// Runs the program; an uncaught error prints like civi's and exits 1.
func run_main(_ main: () throws -> Void) {
    do {
        try main()
        exit(0)
    } catch let err as CiviError {
        let detail = err.status.map { " (HTTP \($0)" + (err.code.map { ", " + $0 } ?? "") + ")" } ?? ""
        FileHandle.standardError.write(("error: " + err.message + detail + "\n").data(using: .utf8)!)
        exit(1)
    } catch let done as ExitProgram {
        if let message = done.message { FileHandle.standardError.write((message + "\n").data(using: .utf8)!) }
        exit(done.code)
    } catch {
        FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

func civi_fail(_ message: Value) throws -> Value { throw ExitProgram(code: 1, message: text(message)) }

func civi_exit(_ code: Value = 0, _ message: Value = .null) throws -> Value {
    guard case .int(let c) = code else { throw fault("exit() expects an int status code, got " + type_name(code)) }
    if case .null = message { throw ExitProgram(code: Int32(truncatingIfNeeded: c), message: nil) }
    throw ExitProgram(code: Int32(truncatingIfNeeded: c), message: text(message))
}


// @section json needs: core
/// civi's JSON: dates as ISO strings, floats as Swift prints them, only C0 controls escaped.
func json_text(_ v: Value, pretty: Bool = false, indent: Int = 0) throws -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d):
        if !d.isFinite { throw fault("the number \(fmt_float(d)) has no JSON form") }
        return d.description
    case .string(let s): return json_string(s)
    case .date(let d): return "\"" + iso(d) + "\""
    case .list(let xs):
        if xs.isEmpty { return "[]" }
        let pad = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        let parts = try xs.map { try pad + json_text($0, pretty: pretty, indent: indent + 1) }
        return "[" + parts.joined(separator: ",") + (pretty ? "\n" + String(repeating: "  ", count: indent) : "") + "]"
    case .record(let r):
        if r.count == 0 { return "{}" }
        let pad = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        let parts = try r.pairs.map { try pad + json_string($0.0) + (pretty ? ": " : ":") + json_text($0.1, pretty: pretty, indent: indent + 1) }
        return "{" + parts.joined(separator: ",") + (pretty ? "\n" + String(repeating: "  ", count: indent) : "") + "}"
    case .stream: throw fault("a stream has no JSON form; `| collect` it first")
    case .function: throw fault("a function has no JSON form")
    }
}

func json_string(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if ch.value < 0x20 {
                let hex = String(ch.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    return out + "\""
}

/// A JSON text read into values as civi reads it: ints stay ints, key order is kept, ISO-8601
/// strings under `*_at` keys become dates.
struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    static func parse(_ text: String) throws -> Value {
        var p = JSONParser(bytes: Array(text.utf8))
        p.space()
        let v = try p.value(key: "")
        p.space()
        if p.i != p.bytes.count { throw p.error("unexpected text after the value") }
        return v
    }

    func error(_ what: String) -> CiviError { fault("invalid JSON at byte \(i): \(what)") }

    mutating func space() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    mutating func literal(_ word: String, _ v: Value) throws -> Value {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw error("unexpected character") }
        i += w.count
        return v
    }

    mutating func value(key: String) throws -> Value {
        guard i < bytes.count else { throw error("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var r = Record()
            space()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .record(r) }
            while true {
                space()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key") }
                let k = try string()
                space()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
                i += 1
                space()
                r[k] = try value(key: k)
                space()
                guard i < bytes.count else { throw error("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .record(r) }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            i += 1
            var xs: [Value] = []
            space()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .list(xs) }
            while true {
                space()
                xs.append(try value(key: key))
                space()
                guard i < bytes.count else { throw error("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(xs) }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            let s = try string()
            if key.hasSuffix("_at"), let d = parse_date(s) { return .date(d) }
            return .string(s)
        case UInt8(ascii: "t"): return try literal("true", true)
        case UInt8(ascii: "f"): return try literal("false", false)
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try numberValue()
        }
    }

    mutating func numberValue() throws -> Value {
        let start = i
        var isFloat = false
        while i < bytes.count, let c = Optional(bytes[i]), (c >= 48 && c <= 57) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(c) {
            if c == 0x2E || c == 0x65 || c == 0x45 { isFloat = true }
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if !isFloat, let n = Int(text) { return .int(n) }
        guard !text.isEmpty, let d = Double(text), d.isFinite else { throw error("invalid number") }
        return .float(d)
    }

    mutating func string() throws -> String {
        i += 1
        var out = [UInt8]()
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(e)
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        throw error("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let n = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
            throw error("bad \\u escape")
        }
        i += 4
        return n
    }
}

func parse_json(_ text: String) throws -> Value { try JSONParser.parse(text) }


// @section api needs: core json
/// One resource of the API: where its records live and how its ids start.
struct Resource {
    let singular: String
    let prefix: String
    let list: String
    let item: String
    let byEmail: Bool
}

let BASE_URL: String = {
    var url = ProcessInfo.processInfo.environment["CIVICLICK_BASE_URL"] ?? "https://api.civiclick.com/v2"
    while url.hasSuffix("/") { url.removeLast() }
    return url
}()
let PER_PAGE = 100
let RETRYABLE: Set<Int> = [429, 502, 503, 504]
let RETRY_BUDGET = Double(ProcessInfo.processInfo.environment["CIVICLICK_RETRY_BUDGET"] ?? "") ?? 300
// The longest wait before one retry, in seconds (a test sets it small; the API asks for 1 s).
let RETRY_WAIT_CAP = Double(ProcessInfo.processInfo.environment["CIVICLICK_RETRY_WAIT_CAP"] ?? "") ?? 60
// The resources (paths, id prefixes): the exported program fills this from civi's resource table.
var RESOURCES: [String: Resource] = [:]
// Writes while a listing is read can shift its pages; a program that writes reads each
// listing whole before handing out its first record (set by the exporter).
var SNAPSHOT_LISTINGS = false

func api_key() throws -> String {
    guard let key = ProcessInfo.processInfo.environment["CIVICLICK_API_KEY"], !key.isEmpty else {
        throw fault("set CIVICLICK_API_KEY to the API key (it is never written into this program)")
    }
    return key
}

/// Where an async task leaves its result for the thread that waits for it.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

/// Runs async work to its end from synchronous code: the one bridge between the program and URLSession.
func blocking<T>(_ work: @escaping () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

func url_encoded(_ s: String) -> String {
    var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-_.~")
    return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
}

/// One API request with retries of 429/502/503/504 (honouring Retry-After); the decoded body.
/// A POST carries one Idempotency-Key for all its attempts, so a retry never doubles a create.
func send(_ method: String, _ path: String, _ query: [(String, String)] = [], _ body: Value? = nil) async throws -> Value {
    let text = BASE_URL + path + (query.isEmpty ? "" : "?" + query.map { url_encoded($0.0) + "=" + url_encoded($0.1) }.joined(separator: "&"))
    guard let url = URL(string: text) else { throw fault("not a valid URL: \(text)") }
    var request = URLRequest(url: url, timeoutInterval: 60)
    request.httpMethod = method
    request.setValue("Bearer " + (try api_key()), forHTTPHeaderField: "Authorization")
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    if let body {
        request.httpBody = Data(try json_text(body).utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    if method == "POST" { request.setValue(UUID().uuidString.lowercased(), forHTTPHeaderField: "Idempotency-Key") }
    let started = Date()
    var attempt = 0
    while true {
        attempt += 1
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            if attempt <= 5 {
                try await Task.sleep(nanoseconds: UInt64(0.25 * pow(2, Double(attempt - 1)) * 1e9))
                continue
            }
            throw CiviError(message: "could not connect to \(BASE_URL): \(error.localizedDescription)", code: "transport")
        }
        let http = response as! HTTPURLResponse
        let raw = String(decoding: data, as: UTF8.self)
        if (200..<300).contains(http.statusCode) {
            return raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .null : try parse_json(raw)
        }
        func header(_ name: String) -> String? {
            http.allHeaderFields.first { ($0.key as? String)?.lowercased() == name.lowercased() }?.value as? String
        }
        let busy = http.statusCode == 429 || http.statusCode == 503
        if RETRYABLE.contains(http.statusCode), busy || attempt <= 5, Date().timeIntervalSince(started) < RETRY_BUDGET {
            let wait = header("Retry-After").flatMap { $0.allSatisfy(\.isNumber) ? Double($0) : nil }
                ?? min(30, 0.25 * pow(2, Double(attempt - 1))) * (0.5 + Double.random(in: 0..<0.5))
            try await Task.sleep(nanoseconds: UInt64(min(wait, RETRY_WAIT_CAP) * 1e9))
            continue
        }
        throw api_error(http.statusCode, raw, header("X-Request-Id"))
    }
}

func http(_ method: String, _ path: String, _ query: [(String, String)] = [], _ body: Value? = nil) throws -> Value {
    try blocking { try await send(method, path, query, body) }
}

func api_error(_ status: Int, _ raw: String, _ requestID: String?) -> CiviError {
    var code: String? = nil, message = "HTTP \(status)", fields: [(String, String)]? = nil
    if case .record(let body)? = try? parse_json(raw) {
        switch body["error"] {
        case .string(let s)?: message = s
        case .record(let err)?:
            if case .string(let c)? = err["code"] { code = c }
            if case .string(let m)? = err["message"], !m.isEmpty { message = m } else if let code { message = code }
            if case .record(let f)? = err["fields"] {
                fields = f.pairs.map { k, v in
                    if case .string(let s) = v { return (k, s) }
                    return (k, (try? json_text(v)) ?? "")
                }
            }
        default: break
        }
    }
    if status == 401 || status == 403 { code = status == 403 ? "forbidden" : "unauthorized" }
    return CiviError(message: message, status: status, code: code ?? "http_\(status)", fields: fields, requestID: requestID)
}

func data_of(_ body: Value) -> Value {
    if case .record(let r) = body, let d = r["data"] { return d }
    return body
}

/// A lazy listing: pages are fetched only when the records are consumed; `where`, `map`,
/// `take`, `skip` and `select` stay lazy, `take N` asks the server for only N records.
final class Query: ListingStream {
    let path: String
    let params: [(String, String)]
    let label: String
    let steps: [Step]

    init(_ path: String, _ params: [(String, String)], _ label: String, _ steps: [Step] = []) {
        self.path = path
        self.params = params
        self.label = label
        self.steps = steps
    }

    func adding(_ step: Step, _ label: String) -> ListingStream {
        Query(path, params, self.label + " | " + label, steps + [step])
    }

    func serverLimit() -> Int? {
        var offset = 0, limit: Int? = nil
        for step in steps {
            switch step {
            case .filter: return limit
            case .skip(let n): offset += n
            case .take(let n): limit = min(limit ?? (n + offset), offset + n)
            case .map: break
            }
        }
        return limit
    }

    /// The server's records in order, following `links.next`; all pages at once (16 requests
    /// in flight, as civi does) when every record is wanted and `meta.total` says how many.
    func records(wantsAll: Bool, _ body: (Value) throws -> Bool) throws {
        let limit = serverLimit()
        if limit == 0 { return }
        let perPage = limit.map { min($0, PER_PAGE) } ?? PER_PAGE
        let query = params + [("per_page", String(perPage))]
        var page = try http("GET", path, query + [("page", "1")])
        var pages = [page]
        if (wantsAll || SNAPSHOT_LISTINGS), limit == nil, case .int(let total) = member_or_null(member_or_null(page, "meta"), "total"), total > perPage {
            let path = self.path
            pages += try blocking {
                try await withThrowingTaskGroup(of: (Int, Value).self) { group in
                    var out: [Int: Value] = [:]
                    var next = 2
                    let last = (total + perPage - 1) / perPage
                    while next <= last || !group.isEmpty {
                        while next <= last && next - 2 - out.count < 16 {
                            let n = next
                            group.addTask { (n, try await send("GET", path, query + [("page", String(n))])) }
                            next += 1
                        }
                        if let (n, v) = try await group.next() { out[n] = v }
                    }
                    return (2...max(2, last)).compactMap { out[$0] }
                }
            }
        } else if SNAPSHOT_LISTINGS {
            while let link = Query.nextLink(page) {
                page = try http("GET", Query.nextPath(link))
                pages.append(page)
            }
        }
        var yielded = 0
        while !pages.isEmpty {
            let page = pages.removeFirst()
            if case .list(let records) = member_or_null(page, "data") {
                for record in records {
                    if try !body(record) { return }
                    yielded += 1
                    if let limit, yielded >= limit { return }
                }
            }
            if pages.isEmpty, !SNAPSHOT_LISTINGS, let link = Query.nextLink(page) {
                pages.append(try http("GET", Query.nextPath(link)))
            }
        }
    }

    static func nextLink(_ page: Value) -> String? {
        if case .string(let s) = member_or_null(member_or_null(page, "links"), "next"), !s.isEmpty { return s }
        return nil
    }

    /// A `links.next` value as a path under the base URL, as civi resolves it: an absolute URL,
    /// a path under the base path, or a path relative to the base URL.
    static func nextPath(_ link: String) -> String {
        if link.hasPrefix(BASE_URL) { return String(link.dropFirst(BASE_URL.count)) }
        let basePath = URLComponents(string: BASE_URL)?.path ?? ""
        var path = link.hasPrefix("/") ? link : "/" + link
        if link.contains("://"), let parts = URLComponents(string: link) {
            path = parts.path + (parts.percentEncodedQuery.map { "?" + $0 } ?? "")
        }
        if !basePath.isEmpty, path.hasPrefix(basePath + "/") || path.hasPrefix(basePath + "?") {
            return String(path.dropFirst(basePath.count))
        }
        return path
    }

    func iterate(wantsAll: Bool, _ body: (Value) throws -> Bool) throws {
        var taken = [Int: Int]()
        try records(wantsAll: wantsAll) { record in
            let (out, more) = try stepped(record, &taken)
            if let out, try !body(out) { return false }
            return more
        }
    }

    /// A record through the steps: what comes out (nil when a step drops it) and whether more
    /// may follow (a `take` that is full lets nothing more through: stop fetching).
    func stepped(_ record: Value, _ taken: inout [Int: Int]) throws -> (Value?, Bool) {
        var out = record
        for (n, step) in steps.enumerated() {
            switch step {
            case .filter(let f): if !(try call(f, out)).isTrue { return (nil, true) }
            case .map(let f): out = try call(f, out)
            case .skip(let k):
                let seen = taken[n, default: 0]
                taken[n] = seen + 1
                if seen < k { return (nil, true) }
            case .take(let k):
                let seen = taken[n, default: 0]
                if seen >= k { return (nil, false) }
                taken[n] = seen + 1
            }
        }
        for (n, step) in steps.enumerated() {
            if case .take(let k) = step, taken[n, default: 0] >= k { return (out, false) }
        }
        return (out, true)
    }

    /// Record by record, as a `for` loop reads a listing: the next page is fetched only when the
    /// loop has used the one before (a program that writes reads the whole listing first, as civi does).
    func cursor() -> () throws -> Value? {
        var buffer: [Value] = []
        var position = 0
        if SNAPSHOT_LISTINGS {
            var read = false
            return { [self] in
                if !read {
                    read = true
                    try iterate(wantsAll: false) { buffer.append($0); return true }
                }
                guard position < buffer.count else { return nil }
                position += 1
                return buffer[position - 1]
            }
        }
        let limit = serverLimit()
        let perPage = limit.map { min($0, PER_PAGE) } ?? PER_PAGE
        var next: (path: String, query: [(String, String)])? = limit == 0 ? nil : (path, params + [("per_page", String(perPage)), ("page", "1")])
        var stopped = false, yielded = 0
        var taken = [Int: Int]()
        return { [self] in
            while !stopped {
                if position == buffer.count {
                    guard let request = next else { return nil }
                    next = nil
                    let page = try http("GET", request.path, request.query)
                    if case .list(let records) = member_or_null(page, "data") { buffer = records } else { buffer = [] }
                    position = 0
                    next = Query.nextLink(page).map { (Query.nextPath($0), []) }
                    continue
                }
                let record = buffer[position]
                position += 1
                yielded += 1
                if let limit, yielded >= limit { stopped = true }
                let (value, more) = try stepped(record, &taken)
                if !more { stopped = true }
                if let value { return value }
            }
            return nil
        }
    }

    /// One request for `meta.total` when no client-side stage changes the number.
    func count() throws -> Int {
        if steps.allSatisfy({ if case .map = $0 { return true } else { return false } }) {
            let body = try http("GET", path, params + [("page", "1"), ("per_page", "1")])
            if case .int(let total) = member_or_null(member_or_null(body, "meta"), "total") { return total }
        }
        var n = 0
        try iterate(wantsAll: true) { _ in n += 1; return true }
        return n
    }
}

func new_query(_ path: String, _ params: [(String, String)], _ label: String) throws -> Value {
    .stream(Query(path, params, label))
}

/// A filter's query value, checked as civi checks it before any request.
func encode_filter(_ label: String, _ kind: String, _ value: Value, _ choices: [String] = []) throws -> String {
    switch (kind, value) {
    case ("string", .string(let s)): return s
    case ("string", .int(let i)): return String(i)
    case ("string", _): throw fault("\(label) expects a string, got \(type_name(value))")
    case ("bool", .bool(let b)): return b ? "true" : "false"
    case ("bool", _): throw fault("\(label) expects true or false, got \(type_name(value))")
    case ("date", .date(let d)): return iso(d)
    case ("date", .string(let s)) where parse_date(s) != nil: return iso(parse_date(s)!)
    case ("date", _): throw fault("\(label) expects a date, got \(type_name(value))")
    case ("choice", .string(let s)) where choices.contains(s): return s
    case ("choice", _): throw fault("\(label) must be one of \(choices.joined(separator: ", ")), got \(repr_value(value))")
    default: return try id_of(value, label, choices.first)
    }
}

/// An id from an id string or a record with an `id` (`resource` names the kind in errors).
func id_of(_ value: Value, _ label: String, _ resource: String? = nil) throws -> String {
    if case .string(let s) = value, !s.isEmpty { return s }
    if case .record(let r) = value {
        if case .string(let id)? = r["id"] { return id }
        throw fault("\(label) got a record without an id")
    }
    var kind = "a"
    if let resource {
        let noun = resource.hasSuffix("s") ? String(resource.dropLast()) : resource
        kind = ("aeiou".contains(noun.first ?? "x") ? "an " : "a ") + noun
    }
    throw fault("\(label) expects \(kind) record or id, got \(type_name(value))")
}

func path_segment(_ s: String) throws -> String { url_encoded(s) }

/// GET one record by id (an argument with @ is looked up by email where the resource can).
func fetch_one(_ resource: String, _ value: Value) throws -> Value {
    let spec = RESOURCES[resource]!
    let ident = try id_of(value, spec.singular + "()", resource)
    if ident.contains("@"), spec.byEmail {
        var found: Value? = nil
        try Query(spec.list, [("email", ident)], resource).iterate(wantsAll: false) { found = $0; return false }
        if let found { return found }
        throw CiviError(message: "no \(spec.singular) with email \(ident)", status: 404, code: "not_found")
    }
    return data_of(try http("GET", spec.item.replacingOccurrences(of: "{id}", with: try path_segment(ident))))
}

@discardableResult
func create(_ resource: String, _ record: Value) throws -> Value {
    guard case .record = record else {
        throw fault("create_\(RESOURCES[resource]!.singular)() expects a record of fields, got \(type_name(record))")
    }
    return data_of(try http("POST", RESOURCES[resource]!.list, [], record))
}

func target(_ value: Value, _ function: String) throws -> (Resource, String) {
    let ident = try id_of(value, function + "()")
    for spec in RESOURCES.values where ident.hasPrefix(spec.prefix) { return (spec, ident) }
    throw fault("\(function)(): cannot tell which resource `\(ident)` belongs to")
}

@discardableResult
func update(_ record: Value, _ changes: Value) throws -> Value {
    let (spec, ident) = try target(record, "update")
    guard case .record = changes else { throw fault("update() expects a record of changes, got " + type_name(changes)) }
    return data_of(try http("PATCH", spec.item.replacingOccurrences(of: "{id}", with: try path_segment(ident)), [], changes))
}

@discardableResult
func delete_record(_ record: Value) throws -> Value {
    let (spec, ident) = try target(record, "delete")
    _ = try http("DELETE", spec.item.replacingOccurrences(of: "{id}", with: try path_segment(ident)))
    return .null
}

func raw_path(_ path: Value) throws -> String {
    guard case .string(let p) = path, !p.isEmpty else {
        throw fault("the path must be a string like \"/advocates\", got " + type_name(path))
    }
    return p.hasPrefix("/") ? p : "/" + p
}

func raw_query(_ query: Value) throws -> [(String, String)] {
    switch query {
    case .null: return []
    case .record(let r):
        return r.pairs.map { k, v in
            switch v {
            case .string(let s): return (k, s)
            case .date(let d): return (k, iso(d))
            default: return (k, text(v))
            }
        }
    default: throw fault("the query must be a record like {page: 2}, got " + type_name(query))
    }
}

/// `get(path, query?)` is a raw GET; `get(record, "field")` reads a field that may be absent.
@discardableResult
func civi_get(_ path: Value, _ query: Value = .null) throws -> Value {
    if case .record(let r) = path {
        guard case .string(let name) = query else {
            throw fault("get(record, name) expects a field name string as its second argument")
        }
        return r[name] ?? .null
    }
    return try raw("GET", path, .null, query)
}

@discardableResult
func raw(_ method: Value, _ path: Value, _ body: Value = .null, _ query: Value = .null) throws -> Value {
    guard case .string(let m) = method, !m.isEmpty else { throw fault("request() expects a method string like \"GET\"") }
    let payload: Value? = if case .null = body { nil } else { body }
    return try http(m.uppercased(), try raw_path(path), try raw_query(query), payload)
}


// @section stages needs: core
/// The elements of a list or stream (a stream is read whole).
func items(_ xs: Value, _ stage: String) throws -> [Value] {
    switch xs {
    case .list(let l): return l
    case .stream(let s):
        var out: [Value] = []
        try s.iterate(wantsAll: true) { out.append($0); return true }
        return out
    default: throw fault("`\(stage)` needs a list or a stream, got \(type_name(xs))")
    }
}

/// One element a `for` loop walks, or the error reading it: Swift's `for` cannot throw while
/// it iterates, so the loop's body reads the element with `try` and a failed page is thrown
/// inside the loop, where the program's `catch` sees it as civi's does.
enum Fetched {
    case value(Value)
    case failure(Error)

    func get() throws -> Value {
        switch self {
        case .value(let v): return v
        case .failure(let e): throw e
        }
    }
}

/// What a `for` loop walks: a list, or a stream record by record (a page is fetched when the
/// loop reaches it, so a loop that breaks early fetches no more).
struct Walk: Sequence, IteratorProtocol {
    private let items: [Value]
    private var position = 0
    private var pull: (() throws -> Value?)?

    init(_ items: [Value], _ pull: (() throws -> Value?)? = nil) {
        self.items = items
        self.pull = pull
    }

    mutating func next() -> Fetched? {
        guard let fetch = pull else {
            guard position < items.count else { return nil }
            position += 1
            return .value(items[position - 1])
        }
        do {
            if let v = try fetch() { return .value(v) }
            pull = nil
            return nil
        } catch {
            // After a failure the loop ends: the error is thrown from its body.
            pull = { nil }
            return .failure(error)
        }
    }
}

func each_of(_ xs: Value) throws -> Walk {
    switch xs {
    case .list(let l): return Walk(l)
    case .stream(let s): return Walk([], s.cursor())
    default: throw fault("`for` needs a list or a stream, got " + type_name(xs))
    }
}

func `where`(_ xs: Value, _ pred: Value) throws -> Value {
    if case .stream(let s) = xs { return .stream(s.adding(.filter(pred), "where")) }
    return .list(try items(xs, "where").filter { try call(pred, $0).isTrue })
}

func map_each(_ xs: Value, _ f: Value) throws -> Value {
    if case .stream(let s) = xs { return .stream(s.adding(.map(f), "map")) }
    return .list(try items(xs, "map").map { try call(f, $0) })
}

func select(_ xs: Value, _ fields: [String]) throws -> Value {
    let pick = try fn { r in
        guard case .record(let rec) = r else { throw fault("`select` needs records, got " + type_name(r)) }
        return .record(Record(fields.map { ($0, rec[$0] ?? .null) }))
    }
    if case .stream(let s) = xs { return .stream(s.adding(.map(pick), "select")) }
    return .list(try items(xs, "select").map { try call(pick, $0) })
}

func count_of(_ n: Value, _ stage: String) throws -> Int {
    guard case .int(let i) = n else { throw fault("`\(stage)` needs an int, got " + type_name(n)) }
    return i
}

func take(_ xs: Value, _ n: Value) throws -> Value {
    let k = try count_of(n, "take")
    if case .stream(let s) = xs { return .stream(s.adding(.take(k), "take \(k)")) }
    return .list(Array(try items(xs, "take").prefix(max(k, 0))))
}

func skip(_ xs: Value, _ n: Value) throws -> Value {
    let k = try count_of(n, "skip")
    if case .stream(let s) = xs { return .stream(s.adding(.skip(k), "skip \(k)")) }
    return .list(Array(try items(xs, "skip").dropFirst(max(k, 0))))
}

func first(_ xs: Value) throws -> Value {
    if case .stream(let s) = xs {
        var found: Value = .null
        try s.adding(.take(1), "take").iterate(wantsAll: false) { found = $0; return false }
        return found
    }
    return try items(xs, "first").first ?? .null
}

func last(_ xs: Value) throws -> Value { try items(xs, "last").last ?? .null }

func count(_ xs: Value) throws -> Value {
    switch xs {
    case .list(let l): return .int(l.count)
    case .stream(let s): return .int(try s.count())
    default: throw fault("`count` needs a list or a stream, got " + type_name(xs))
    }
}

func collect(_ xs: Value) throws -> Value { .list(try items(xs, "collect")) }

func flatten(_ xs: Value) throws -> Value {
    var out: [Value] = []
    for x in try items(xs, "flatten") {
        if case .list(let inner) = x { out += inner } else { out.append(x) }
    }
    return .list(out)
}

/// A stable sort in civi's order of values; ties keep their input order both ways.
func sort_by(_ xs: Value, _ key: Value = .null, _ descending: Bool = false) throws -> Value {
    let elements = try items(xs, "sort")
    let keys = try elements.map { x -> Value in if case .null = key { return x } else { return try call(key, x) } }
    let sign = descending ? -1 : 1
    let ranked = elements.indices.sorted { i, j in
        let c = sign * order(keys[i], keys[j])
        return c != 0 ? c < 0 : i < j
    }
    return .list(ranked.map { elements[$0] })
}

func aggregate(_ xs: Value, _ kind: String, _ key: Value = .null) throws -> Value {
    var acc: Value = kind == "sum" ? 0 : .null
    var n = 0
    for v in try items(xs, kind) {
        let x: Value
        if case .null = key { x = v } else { x = try call(key, v) }
        if kind == "sum" || kind == "avg" {
            guard number(x) != nil else { throw fault("`\(kind)` needs numbers, got \(type_name(x))") }
            acc = n == 0 && kind == "avg" ? x : try add(acc, x)
        } else if n == 0 || (kind == "min" && order(x, acc) < 0) || (kind == "max" && order(x, acc) > 0) {
            acc = x
        }
        n += 1
    }
    if kind == "avg", n > 0 { return .float(number(acc)! / Double(n)) }
    return acc
}

/// A key that is equal exactly when civi's `==` says the values are.
func hash_key(_ v: Value) -> String {
    switch v {
    case .int(let i): return "n" + String(i)
    case .float(let d): return d == d.rounded() && abs(d) < 9.2e18 ? "n" + String(Int(d)) : "f" + d.description
    case .list(let xs): return "[" + xs.map(hash_key).joined(separator: ",") + "]"
    case .record(let r): return "{" + r.keys.sorted().map { quote($0) + ":" + hash_key(r[$0]!) }.joined(separator: ",") + "}"
    default: return type_name(v) + ":" + repr_value(v)
    }
}

func group(_ xs: Value, _ key: Value) throws -> Value {
    var order: [String] = []
    var groups: [String: (Value, [Value])] = [:]
    for v in try items(xs, "group") {
        let k = try call(key, v)
        let h = hash_key(k)
        if groups[h] == nil { order.append(h); groups[h] = (k, []) }
        groups[h]!.1.append(v)
    }
    return .list(order.map { h in
        let (k, members) = groups[h]!
        return .record(Record([("key", k), ("items", .list(members)), ("count", .int(members.count))]))
    })
}

func unique(_ xs: Value, _ key: Value = .null) throws -> Value {
    var seen = Set<String>(), out: [Value] = []
    for v in try items(xs, "unique") {
        let k: Value
        if case .null = key { k = v } else { k = try call(key, v) }
        if seen.insert(hash_key(k)).inserted { out.append(v) }
    }
    return .list(out)
}

@discardableResult
func each(_ xs: Value, _ f: Value) throws -> Value {
    var n = 0
    for x in try items(xs, "each") {
        _ = try call(f, x)
        n += 1
    }
    return .int(n)
}

/// `parallel N`: up to N evaluations in flight at once, results in input order.
func parallel(_ xs: Value, _ workers: Value, _ f: Value) throws -> Value {
    guard case .int(let n) = workers, n >= 1 else { throw fault("parallel needs a positive int, got " + repr_value(workers)) }
    let inputs = try items(xs, "parallel")
    final class Results: @unchecked Sendable {
        var values: [Value?]
        var failure: Error?
        var next = 0
        let lock = NSLock()
        init(_ n: Int) { values = Array(repeating: nil, count: n) }
    }
    let results = Results(inputs.count)
    let group = DispatchGroup()
    for _ in 0..<min(n, 64, inputs.count) {
        group.enter()
        Thread {
            while true {
                results.lock.lock()
                let i = results.next
                results.next += 1
                let stop = i >= inputs.count || results.failure != nil
                results.lock.unlock()
                if stop { break }
                do {
                    let v = try call(f, inputs[i])
                    results.lock.lock(); results.values[i] = v; results.lock.unlock()
                } catch {
                    results.lock.lock(); if results.failure == nil { results.failure = error }; results.lock.unlock()
                }
            }
            group.leave()
        }.start()
    }
    group.wait()
    if let failure = results.failure { throw failure }
    return .list(results.values.map { $0! })
}

/// A stage argument that turned out to be a function is called with the element.
func applied(_ v: Value, _ it: Value) throws -> Value {
    if case .function = v { return try call(v, it) }
    return v
}


// @section show needs: json stages
/// The value of an expression statement as `civi -e` prints it (null included).
@discardableResult
func show_value(_ v: Value) throws -> Value {
    let shown = if case .stream = v { try collect(v) } else { v }
    print(try json_text(shown, pretty: true))
    return .null
}

/// The value of a statement as `civi -e` prints it when its output is not a terminal.
@discardableResult
func show(_ v: Value) throws -> Value {
    let shown = if case .stream = v { try collect(v) } else { v }
    if case .null = shown { return .null }
    print(try json_text(shown, pretty: true))
    return .null
}


// @section strings needs: core
func expect_string(_ v: Value, _ function: String, _ what: String) throws -> String {
    guard case .string(let s) = v else { throw fault("\(function)() expects \(what), got \(type_name(v))") }
    return s
}

func civi_len(_ v: Value) throws -> Value {
    switch v {
    case .string(let s): return .int(s.unicodeScalars.count)
    case .list(let xs): return .int(xs.count)
    case .record(let r): return .int(r.count)
    default: throw fault("len() expects a string, list or record, got " + type_name(v))
    }
}

func civi_keys(_ r: Value) throws -> Value {
    guard case .record(let rec) = r else { throw fault("keys() expects a record, got " + type_name(r)) }
    return .list(rec.keys.map { .string($0) })
}

func civi_values(_ r: Value) throws -> Value {
    guard case .record(let rec) = r else { throw fault("values() expects a record, got " + type_name(r)) }
    return .list(rec.pairs.map(\.1))
}

func civi_has(_ v: Value, _ key: Value) throws -> Value {
    switch v {
    case .record(let r): return .bool(r[try expect_string(key, "has", "a string key")] != nil)
    case .list(let xs):
        guard case .int(let i) = key else { throw fault("has() expects an int index, got " + type_name(key)) }
        return .bool(i >= -xs.count && i < xs.count)
    default: throw fault("has() expects a record or list, got " + type_name(v))
    }
}

func civi_str(_ v: Value) throws -> Value { .string(text(v)) }

func civi_type(_ v: Value) throws -> Value { .string(type_name(v)) }

func civi_int(_ v: Value) throws -> Value {
    switch v {
    case .bool(let b): return .int(b ? 1 : 0)
    case .int: return v
    case .float(let d), .date(let d):
        if !d.isFinite { throw fault("int(): \(fmt_float(d)) has no integer value") }
        guard let i = Int(exactly: d.rounded(.towardZero)) else { throw fault("integer overflow in `int`") }
        return .int(i)
    case .string(let s):
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
        let digits = t.hasPrefix("+") || t.hasPrefix("-") ? t.dropFirst() : Substring(t)
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let i = Int(t.hasPrefix("+") ? String(t.dropFirst()) : t) else { throw fault("integer overflow in `int`") }
            return .int(i)
        }
        if Double(t) != nil, t.allSatisfy({ "0123456789+-.eE".contains($0) }) { throw fault("int(): \(quote(s)) is not a whole number") }
        throw fault("int(): \(quote(s)) is not a number")
    default: throw fault("int() expects a number, numeric string, bool or date, got " + type_name(v))
    }
}

func civi_float(_ v: Value) throws -> Value {
    switch v {
    case .bool(let b): return .float(b ? 1 : 0)
    case .int(let i): return .float(Double(i))
    case .float: return v
    case .date(let d): return .float(d)
    case .string(let s):
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
        if let d = Double(t), t.allSatisfy({ "0123456789+-.eE".contains($0) }) { return .float(d) }
        throw fault("float(): \(quote(s)) is not a number")
    default: throw fault("float() expects a number, numeric string, bool or date, got " + type_name(v))
    }
}

func civi_range(_ a: Value, _ b: Value = .null) throws -> Value {
    let (lo, hi) = if case .null = b { (Value.int(0), a) } else { (a, b) }
    guard case .int(let lower) = lo else { throw fault("range() expects an int, got " + type_name(lo)) }
    guard case .int(let upper) = hi else { throw fault("range() expects an int, got " + type_name(hi)) }
    if upper > lower, upper - lower > 10_000_000 { throw fault("\(lower)..<\(upper) has more than 10,000,000 elements") }
    return .list(upper > lower ? (lower..<upper).map { .int($0) } : [])
}

func civi_lower(_ s: Value) throws -> Value { .string(try expect_string(s, "lower", "a string").lowercased()) }
func civi_upper(_ s: Value) throws -> Value { .string(try expect_string(s, "upper", "a string").uppercased()) }
func civi_trim(_ s: Value) throws -> Value { .string(try expect_string(s, "trim", "a string").trimmingCharacters(in: .whitespacesAndNewlines)) }

func civi_split(_ s: Value, _ sep: Value) throws -> Value {
    let text = try expect_string(s, "split", "a string to split")
    let separator = try expect_string(sep, "split", "a string separator")
    if separator.isEmpty { return .list(text.unicodeScalars.map { .string(String($0)) }) }
    return .list(text.components(separatedBy: separator).map { .string($0) })
}

func civi_join(_ xs: Value, _ sep: Value) throws -> Value {
    let separator = try expect_string(sep, "join", "a string separator")
    guard case .list(let items) = xs else { throw fault("join() expects a list to join, got " + type_name(xs)) }
    return .string(items.map(text).joined(separator: separator))
}

func civi_replace(_ s: Value, _ old: Value, _ new: Value) throws -> Value {
    let text = try expect_string(s, "replace", "a string")
    let o = try expect_string(old, "replace", "a string to replace")
    if o.isEmpty { throw fault("replace(): the text to replace is empty") }
    return .string(text.replacingOccurrences(of: o, with: try expect_string(new, "replace", "a string replacement")))
}

func civi_starts_with(_ s: Value, _ p: Value) throws -> Value {
    let text = try expect_string(s, "starts_with", "a string"), prefix = try expect_string(p, "starts_with", "a string prefix")
    return .bool(text.unicodeScalars.starts(with: prefix.unicodeScalars))
}

func civi_ends_with(_ s: Value, _ p: Value) throws -> Value {
    let text = try expect_string(s, "ends_with", "a string"), suffix = try expect_string(p, "ends_with", "a string suffix")
    return .bool(text.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed()))
}

func civi_contains(_ x: Value, _ y: Value) throws -> Value {
    switch x {
    case .string(let s):
        let n = try expect_string(y, "contains", "a string to look for in a string")
        return .bool(n.isEmpty || s.contains(n))
    case .list(let xs): return .bool(xs.contains { equal(y, $0) })
    case .record(let r): return .bool(r[try expect_string(y, "contains", "a string key to look for in a record")] != nil)
    default: throw fault("contains() expects a string, list or record, got " + type_name(x))
    }
}


// @section time needs: core
func civi_now() throws -> Value { .date((Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }

func civi_date(_ v: Value) throws -> Value {
    switch v {
    case .date: return v
    case .string(let s):
        guard let d = parse_date(s.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw fault("date(): \(quote(s)) is not an ISO-8601 date")
        }
        return .date(d)
    case .int(let i): return .date(Double(i))
    case .float(let d): return .date(d)
    default: throw fault("date() expects an ISO-8601 string, a date or seconds since 1970, got " + type_name(v))
    }
}

func duration(_ n: Value, _ unit: Int, _ name: String) throws -> Value {
    switch n {
    case .int(let i): return try checked(i.multipliedReportingOverflow(by: unit), name)
    case .float(let d) where d.isFinite: return .float(d * Double(unit))
    default: throw fault("\(name)() expects a number, got \(type_name(n))")
    }
}

func civi_days(_ n: Value) throws -> Value { try duration(n, 86400, "days") }
func civi_hours(_ n: Value) throws -> Value { try duration(n, 3600, "hours") }
func civi_minutes(_ n: Value) throws -> Value { try duration(n, 60, "minutes") }
func civi_seconds(_ n: Value) throws -> Value { try duration(n, 1, "seconds") }

@discardableResult
func civi_sleep(_ seconds: Value) throws -> Value {
    guard let s = number(seconds), s >= 0 else {
        throw fault("sleep() expects a non-negative number of seconds, got " + repr_value(seconds))
    }
    Thread.sleep(forTimeInterval: s)
    return .null
}


// @section graphemes needs: core
/// `s` as the characters a reader sees: Swift's characters are the grapheme clusters civi counts.
func clusters(_ s: String) -> [String] { s.map { String($0) } }


// @section dateformat needs: core graphemes
let WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
let MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"]
let DATE_DIRECTIVES: Set<String> = ["Y", "m", "d", "H", "M", "S", "j", "a", "A", "b", "B", "y", "e", "Z", "z", "%"]
let SUPPORTED_SECONDS = (low: -62135596800, high: 253402300800)
let SUPPORTED_YEARS = "years 0001 to 9999"
let TRUNCATION_UNITS = ["minute", "hour", "day", "week", "month", "year"]

/// A format that cannot be used or a text that does not match it.
struct DateFormatError: Error {
    let message: String
}

/// Python's `//` and `%`: the quotient rounded down and a remainder with the divisor's sign.
func floor_divmod(_ a: Int, _ b: Int) -> (Int, Int) {
    let q = a >= 0 ? a / b : -((-a + b - 1) / b)
    return (q, a - q * b)
}

func days_in_month(_ y: Int, _ m: Int) -> Int {
    if m == 2 { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28 }
    return [4, 6, 9, 11].contains(m) ? 30 : 31
}

/// [year, month, day, hour, minute, second] of a date, in UTC (clamped to the supported dates).
func civil_of(_ seconds: Double) -> [Int] {
    let secs = seconds.isNaN ? 0 : min(max(seconds, Double(SUPPORTED_SECONDS.low)), Double(SUPPORTED_SECONDS.high - 1))
    let (days, rest) = floor_divmod(Int(secs.rounded(.down)), 86400)
    let (y, m, d) = civil(days)
    return [y, m, d, rest / 3600, rest % 3600 / 60, rest % 60]
}

/// 1 for Monday through 7 for Sunday.
func weekday_of(_ y: Int, _ m: Int, _ d: Int) -> Int { floor_divmod(days_from_civil(y, m, d) + 3, 7).1 + 1 }

/// The seconds of civil fields, or nil when one is out of range or the date is unsupported.
func date_of_civil(_ c: [Int]) -> Int? {
    let (y, m, d, h, mi, s) = (c[0], c[1], c[2], c[3], c[4], c[5])
    guard (1...9999).contains(y), (1...12).contains(m), d >= 1, d <= days_in_month(y, m), (0..<24).contains(h),
          (0..<60).contains(mi), (0..<61).contains(s) else { return nil }
    let secs = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s
    return secs >= SUPPORTED_SECONDS.low && secs < SUPPORTED_SECONDS.high ? secs : nil
}

func padded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// `fmt` as (is directive, character) pairs, or an error naming the first bad directive.
func date_pieces(_ fmt: String) throws -> [(directive: Bool, text: String)] {
    var out: [(directive: Bool, text: String)] = []
    let chars = clusters(fmt)
    var n = 0
    while n < chars.count {
        let c = chars[n]
        n += 1
        if c != "%" {
            out.append((false, c))
            continue
        }
        if n == chars.count { throw DateFormatError(message: "the format \(quote(fmt)) ends with a lone `%`") }
        let d = chars[n]
        n += 1
        if !DATE_DIRECTIVES.contains(d) { throw DateFormatError(message: "unknown directive `%\(d)` in the format \(quote(fmt))") }
        out.append((true, d))
    }
    return out
}

func format_directive(_ d: String, _ c: [Int]) -> String {
    let (y, m, day, h, mi, s) = (c[0], c[1], c[2], c[3], c[4], c[5])
    switch d {
    case "Y": return padded(y, 4)
    case "m": return padded(m, 2)
    case "d": return padded(day, 2)
    case "H": return padded(h, 2)
    case "M": return padded(mi, 2)
    case "S": return padded(s, 2)
    case "j": return padded(days_from_civil(y, m, day) - days_from_civil(y, 1, 1) + 1, 3)
    case "a": return String(WEEKDAY_NAMES[weekday_of(y, m, day) - 1].prefix(3))
    case "A": return WEEKDAY_NAMES[weekday_of(y, m, day) - 1]
    case "b": return String(MONTH_NAMES[m - 1].prefix(3))
    case "B": return MONTH_NAMES[m - 1]
    case "y": return padded(y % 100, 2)
    case "e": return day < 10 ? " \(day)" : String(day)
    case "Z": return "UTC"
    case "z": return "+0000"
    default: return "%"
    }
}

func date_argument(_ v: Value, _ function: String) throws -> Double {
    guard case .date(let seconds) = v else { throw fault("\(function): expected a date, got \(type_name(v))") }
    return seconds
}

func text_argument(_ v: Value, _ function: String, _ what: String) throws -> String {
    guard case .string(let s) = v else { throw fault("\(function): expected \(what), got \(type_name(v))") }
    return s
}

func civi_format_date(_ d: Value, _ fmt: Value) throws -> Value {
    let seconds = try date_argument(d, "format_date")
    let format = try text_argument(fmt, "format_date", "a format string like \"%Y-%m-%d\"")
    let pieces: [(directive: Bool, text: String)]
    do {
        pieces = try date_pieces(format)
    } catch let e as DateFormatError {
        throw fault("format_date: " + e.message)
    }
    let c = civil_of(seconds)
    return .string(pieces.map { $0.directive ? format_directive($0.text, c) : $0.text }.joined())
}

/// Reads a date written in a format, as civi's `parse_date` does (UTC unless the text has %z).
struct DateReader {
    let text: [String]
    let fmt: String
    var pos = 0
    var fields = [1970, 1, 1, 0, 0, 0]
    var dayOfYear: Int? = nil
    var monthOrDay = false
    var offset = 0

    init(_ text: String, _ fmt: String) {
        self.text = clusters(text)
        self.fmt = fmt
    }

    func mismatch(_ why: String) -> DateFormatError {
        DateFormatError(message: "\(quote(text.joined())) does not match the format \(quote(fmt)) at character \(pos + 1): \(why)")
    }

    mutating func run() throws -> Value {
        for piece in try date_pieces(fmt) {
            if !piece.directive && piece.text == " " {
                while pos < text.count && text[pos].unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { pos += 1 }
            } else if !piece.directive {
                if pos >= text.count || text[pos] != piece.text { throw mismatch("expected " + quote(piece.text)) }
                pos += 1
            } else {
                try read(piece.text)
            }
        }
        if pos != text.count { throw mismatch("unexpected \(quote(text[pos...].joined())) after the end of the format") }
        let (y, m, d, h, mi, s) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
        if let day = dayOfYear {
            if monthOrDay {
                throw DateFormatError(message: "the format \(quote(fmt)) has both %j and a month or day; use one or the other")
            }
            if day > days_from_civil(y, 12, 31) - days_from_civil(y, 1, 1) + 1 {
                throw mismatch("day of the year \(day) does not exist in \(y)")
            }
            guard let jan1 = date_of_civil([y, 1, 1, h, mi, s]) else { throw mismatch("the year \(y) is out of range") }
            return try shifted(jan1 + (day - 1) * 86400)
        }
        guard let start = date_of_civil(fields) else {
            throw DateFormatError(message: "\(quote(text.joined())) in the format \(quote(fmt)) is \(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2)), "
                                  + "which is not a valid date (\(SUPPORTED_YEARS))")
        }
        return try shifted(start)
    }

    func shifted(_ start: Int) throws -> Value {
        let seconds = start - offset
        guard seconds >= SUPPORTED_SECONDS.low && seconds < SUPPORTED_SECONDS.high else {
            throw mismatch("the date is outside the supported dates (\(SUPPORTED_YEARS))")
        }
        return .date(Double(seconds))
    }

    mutating func read(_ d: String) throws {
        if ["m", "d", "e", "b", "B"].contains(d) { monthOrDay = true }
        switch d {
        case "Y": fields[0] = try number(d, 1, 4)
        case "m": fields[1] = try ranged(d, 1, 2, 1, 12, "month")
        case "d", "e":
            if d == "e" && pos < text.count && text[pos] == " " { pos += 1 }
            fields[2] = try ranged(d, 1, 2, 1, 31, "day")
        case "H": fields[3] = try ranged(d, 1, 2, 0, 23, "hour")
        case "M": fields[4] = try ranged(d, 1, 2, 0, 59, "minute")
        case "S": fields[5] = try ranged(d, 1, 2, 0, 60, "second")
        case "j": dayOfYear = try ranged(d, 1, 3, 1, 366, "day of the year")
        case "y":
            let y = try number(d, 2, 2)
            fields[0] = y < 69 ? 2000 + y : 1900 + y
        case "a", "A": _ = try name(d, WEEKDAY_NAMES)
        case "b", "B": fields[1] = try name(d, MONTH_NAMES) + 1
        case "Z": try zoneName()
        case "z": try zoneOffset()
        default:
            if pos >= text.count || text[pos] != "%" { throw mismatch("expected \"%\"") }
            pos += 1
        }
    }

    /// The one-digit value at the position, if the character there is an ASCII digit.
    func digit() -> Int? {
        guard pos < text.count, text[pos].unicodeScalars.count == 1 else { return nil }
        return Int(text[pos])
    }

    mutating func number(_ d: String, _ fewest: Int, _ most: Int) throws -> Int {
        var value = 0, n = 0
        while n < most, let v = digit() {
            value = value * 10 + v
            pos += 1
            n += 1
        }
        if n < fewest {
            let count = fewest == most ? String(fewest) : "\(fewest) to \(most)"
            throw mismatch("expected \(count) digits for %\(d)")
        }
        return value
    }

    mutating func ranged(_ d: String, _ fewest: Int, _ most: Int, _ lo: Int, _ hi: Int, _ what: String) throws -> Int {
        let start = pos
        let v = try number(d, fewest, most)
        if v < lo || v > hi {
            pos = start
            throw mismatch("\(what) \(v) is out of range (\(lo)-\(hi))")
        }
        return v
    }

    mutating func name(_ d: String, _ names: [String]) throws -> Int {
        let rest = text[pos...].joined().lowercased()
        for (i, full) in names.enumerated() {
            for candidate in [full.lowercased(), String(full.lowercased().prefix(3))] where rest.hasPrefix(candidate) {
                pos += candidate.count
                return i
            }
        }
        let kind = names.count == 7 ? "weekday" : "month"
        throw mismatch("expected a \(kind) name for %\(d) (e.g. \(names[0].prefix(3)) or \(names[0]))")
    }

    mutating func zoneName() throws {
        for zone in ["UTC", "GMT", "Z"] {
            let end = pos + zone.count
            if end <= text.count && text[pos..<end].joined().uppercased() == zone {
                pos = end
                return
            }
        }
        throw mismatch("expected UTC, GMT or Z for %Z (other zone names are not understood; use %z for an offset)")
    }

    mutating func zoneOffset() throws {
        guard pos < text.count, ["Z", "z", "+", "-"].contains(text[pos]) else {
            throw mismatch("expected a zone offset like +0200 or Z for %z")
        }
        if text[pos] == "Z" || text[pos] == "z" {
            pos += 1
            return
        }
        let sign = text[pos] == "-" ? -1 : 1
        pos += 1
        let hours = try ranged("z", 2, 2, 0, 23, "zone hour")
        if pos < text.count && text[pos] == ":" { pos += 1 }
        let minutes = digit() != nil ? try ranged("z", 2, 2, 0, 59, "zone minute") : 0
        offset = sign * (hours * 3600 + minutes * 60)
    }
}

func civi_parse_date(_ text: Value, _ fmt: Value) throws -> Value {
    let s = try text_argument(text, "parse_date", "a string")
    let format = try text_argument(fmt, "parse_date", "a format string like \"%Y-%m-%d\"")
    do {
        var reader = DateReader(s, format)
        return try reader.run()
    } catch let e as DateFormatError {
        throw fault("parse_date: " + e.message)
    }
}

func edit_distance(_ a: [String], _ b: [String]) -> Int {
    var prev = Array(0...b.count)
    for i in stride(from: 1, through: a.count, by: 1) {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}

/// The start of the minute, hour, day, week (from Monday), month or year that `d` falls in.
func civi_date_trunc(_ d: Value, _ unit: Value) throws -> Value {
    let seconds = try date_argument(d, "date_trunc")
    let u = try text_argument(unit, "date_trunc", "a unit string (\(TRUNCATION_UNITS.joined(separator: ", ")))")
    guard TRUNCATION_UNITS.contains(u) else {
        var best: (unit: String, distance: Int)? = nil
        for candidate in TRUNCATION_UNITS {
            let n = edit_distance(clusters(candidate), clusters(u))
            if n <= 2 && (best == nil || n < best!.distance) { best = (candidate, n) }
        }
        let guess = best.map { "; did you mean \(quote($0.unit))?" } ?? ""
        throw fault("date_trunc: unknown unit \(quote(u))\(guess)")
    }
    var c = civil_of(seconds)
    c[5] = 0
    if u != "minute" { c[4] = 0 }
    if ["day", "week", "month", "year"].contains(u) {
        c[3] = 0
        if u == "month" || u == "year" { c[2] = 1 }
        if u == "year" { c[1] = 1 }
    }
    // civil_of keeps the fields inside the supported dates, so they always make a date.
    guard let start = date_of_civil(c) else { throw fault("date_trunc: \(iso(seconds)) is outside the supported dates") }
    if u == "week" { return .date(Double(start - (weekday_of(c[0], c[1], c[2]) - 1) * 86400)) }
    return .date(Double(start))
}


// @section table needs: core stages graphemes
/// `s` with control characters escaped so a table cell stays on one line (as civi's tables).
func single_line(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        } else {
            out.unicodeScalars.append(u)
        }
    }
    return out
}

func width_of(_ s: String) -> Int { s.count }

/// The `table` stage: civi's aligned text table with no width limit, then `(N rows)`.
func render_table(_ xs: Value) throws -> Value {
    let rows = try items(xs, "table")
    let footer = rows.count == 1 ? "(1 row)" : "(\(rows.count) rows)"
    var records: [Record] = []
    for r in rows { if case .record(let rec) = r { records.append(rec) } }
    let lines = !rows.isEmpty && records.count == rows.count ? table_lines(records) : rows.map { single_line(repr_value($0)) }
    return .string((lines + [footer]).joined(separator: "\n"))
}

func table_lines(_ records: [Record]) -> [String] {
    var columns: [String] = []
    var seen: Set<String> = []
    for r in records {
        for k in r.keys where !seen.contains(k) {
            seen.insert(k)
            columns.append(k)
        }
    }
    if columns.isEmpty { return records.map { _ in "{}" } }
    let numeric = columns.map { k -> Bool in
        var any = false, all = true
        for r in records {
            switch r[k] {
            case nil, .null?: continue
            case .int?, .float?: any = true
            default: all = false
            }
        }
        return any && all
    }
    let cells: [[String?]] = records.map { r in
        columns.map { k in
            guard let v = r[k] else { return nil }
            if case .string(let s) = v { return single_line(s) }
            return single_line(repr_value(v))
        }
    }
    let widths = columns.enumerated().map { c, k in
        cells.reduce(width_of(single_line(k))) { w, row in row[c].map { max(w, width_of($0)) } ?? w }
    }
    func cell(_ text: String, _ c: Int) -> String {
        let fill = String(repeating: " ", count: max(widths[c] - width_of(text), 0))
        return numeric[c] ? fill + text : text + fill
    }
    func join(_ parts: [String]) -> String {
        var line = parts.joined(separator: "  ")
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
    var lines = [join(columns.enumerated().map { cell(single_line($1), $0) }),
                 join(widths.map { String(repeating: "─", count: $0) })]
    for row in cells {
        lines.append(join(row.enumerated().map { c, t in t.map { cell($0, c) } ?? String(repeating: " ", count: widths[c]) }))
    }
    return lines
}


// @section files needs: core json stages
func civi_env(_ name: Value) throws -> Value {
    guard case .string(let n) = name else { throw fault("env() expects a string path, got " + type_name(name)) }
    return ProcessInfo.processInfo.environment[n].map { .string($0) } ?? .null
}

func file_path(_ v: Value, _ function: String) throws -> String {
    guard case .string(let s) = v else { throw fault("\(function)() expects a string path, got \(type_name(v))") }
    return s
}

func read_file(_ path: Value, _ function: String) throws -> Data {
    let p = try file_path(path, function)
    guard let data = FileManager.default.contents(atPath: p) else {
        let reason = FileManager.default.fileExists(atPath: p) ? "Permission denied" : "No such file or directory"
        throw fault("\(function)(): cannot read \(quote(p)): \(reason)")
    }
    return data
}

func write_file(_ path: Value, _ text: String, _ function: String) throws -> Value {
    let p = try file_path(path, function)
    guard FileManager.default.createFile(atPath: p, contents: Data(text.utf8)) else {
        throw fault("\(function)(): cannot write \(quote(p)): No such file or directory")
    }
    return .null
}

func civi_read_text(_ path: Value) throws -> Value {
    guard let s = String(data: try read_file(path, "read_text"), encoding: .utf8) else {
        throw fault("read_text(): \(quote(text(path))) is not UTF-8 text")
    }
    return .string(s)
}

func civi_read_json(_ path: Value) throws -> Value {
    let source = String(decoding: try read_file(path, "read_json"), as: UTF8.self)
    let p = try file_path(path, "read_json")
    do {
        if p.hasSuffix(".ndjson") {
            return .list(try source.split(whereSeparator: \.isNewline).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .map { try parse_json(String($0)) })
        }
        return try parse_json(source)
    } catch let err as CiviError {
        throw fault("read_json(): \(quote(p)): \(err.message)")
    }
}

/// Rows as records keyed by the header; every field a string, blank lines skipped.
func civi_read_csv(_ path: Value) throws -> Value {
    var source = Array(String(decoding: try read_file(path, "read_csv"), as: UTF8.self).unicodeScalars)
    if source.first == "\u{FEFF}" { source.removeFirst() }
    var rows: [[String]] = [], row: [String] = [], cell = String.UnicodeScalarView()
    var quoted = false, any = false, n = 0
    while n < source.count {
        let c = source[n]
        if quoted {
            if c == "\"", n + 1 < source.count, source[n + 1] == "\"" { cell.append("\""); n += 1 } else if c == "\"" { quoted = false } else { cell.append(c) }
        } else if c == "\"" {
            quoted = true; any = true
        } else if c == "," {
            row.append(String(cell)); cell = String.UnicodeScalarView(); any = true
        } else if c == "\n" || c == "\r" {
            if c == "\r", n + 1 < source.count, source[n + 1] == "\n" { n += 1 }
            if any || !cell.isEmpty { row.append(String(cell)); rows.append(row) }
            row = []; cell = String.UnicodeScalarView(); any = false
        } else {
            cell.append(c); any = true
        }
        n += 1
    }
    if any || !cell.isEmpty { row.append(String(cell)); rows.append(row) }
    guard let header = rows.first else { return [] }
    return .list(rows.dropFirst().map { r in
        .record(Record(header.enumerated().map { ($0.element, $0.offset < r.count ? .string(r[$0.offset]) : .null) }))
    })
}

func csv_cell(_ v: Value) throws -> String {
    switch v {
    case .null: return ""
    case .string(let s): return s
    case .date(let d): return iso(d)
    case .list, .record: return try json_text(v)
    default: return text(v)
    }
}

func csv_field(_ s: String, _ quoteEmpty: Bool) -> String {
    if (quoteEmpty && s.isEmpty) || s.contains(where: { ",\"\n\r".contains($0) }) {
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
}

func csv_text(_ rows: [Value], _ function: String) throws -> String {
    var header: [String] = []
    for (n, r) in rows.enumerated() {
        guard case .record(let rec) = r else { throw fault("\(function): row \(n + 1) is a \(type_name(r)), not a record") }
        for k in rec.keys where !header.contains(k) { header.append(k) }
    }
    let quoteEmpty = header.count == 1
    var lines = header.isEmpty ? [] : [header.map { csv_field($0, quoteEmpty) }.joined(separator: ",")]
    for r in rows {
        guard case .record(let rec) = r else { continue }
        lines.append(try header.map { csv_field(try csv_cell(rec[$0] ?? .null), quoteEmpty) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n")
}

@discardableResult
func civi_write_text(_ path: Value, _ s: Value) throws -> Value {
    guard case .string(let t) = s else { throw fault("write_text() expects a string to write, got " + type_name(s)) }
    return try write_file(path, t, "write_text")
}

@discardableResult
func civi_write_json(_ path: Value, _ v: Value) throws -> Value {
    try write_file(path, try json_text(v, pretty: true) + "\n", "write_json")
}

@discardableResult
func civi_write_csv(_ path: Value, _ rows: Value) throws -> Value {
    guard case .list(let rs) = rows else { throw fault("write_csv() expects a list of records, got " + type_name(rows)) }
    let body = try csv_text(rs, "write_csv")
    return try write_file(path, body.isEmpty ? "" : body + "\n", "write_csv")
}

func render(_ xs: Value, _ kind: String) throws -> Value {
    let rows = try items(xs, kind)
    switch kind {
    case "json": return .string(try json_text(.list(rows), pretty: true))
    case "csv": return .string(try csv_text(rows, "csv"))
    case "ndjson": return .string(try rows.map { try json_text($0) }.joined(separator: "\n"))
    default: throw fault("the `table` stage is not exported; use json or csv")
    }
}

@discardableResult
func save(_ xs: Value, _ path: Value) throws -> Value {
    let p = try file_path(path, "save")
    guard let kind = ["ndjson", "json", "csv"].first(where: { p.hasSuffix("." + $0) }) else {
        throw fault("save: cannot tell the format of \(quote(p)) from its extension")
    }
    let rows = try items(xs, "save")
    guard case .string(let body) = try render(.list(rows), kind) else { return .null }
    _ = try write_file(path, body.isEmpty ? "" : body + "\n", "save")
    return .int(rows.count)
}
