/// A value of the civi language: what API results, files and literals all become.
///
/// Lists and records have value semantics (Swift arrays underneath, copy on write);
/// functions and streams are reference-typed objects owned by the language module.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case date(Instant)
    case list([Value])
    case record(Record)
    case function(any FunctionObject)
    case stream(any StreamObject)
}

/// A callable value; the language module provides the implementations.
public protocol FunctionObject: AnyObject, Sendable {
    /// The name shown when the function is printed, e.g. `full_name` or `<lambda>`.
    var displayName: String { get }
}

/// A lazy query (stream); the language module provides the implementations.
public protocol StreamObject: AnyObject, Sendable {
    /// A short description for display, e.g. `advocates(state: "CA")`.
    var displayName: String { get }
}

extension Value {
    /// The language's name for this value's type, as `type(x)` returns it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .date: "date"
        case .list: "list"
        case .record: "record"
        case .function: "function"
        case .stream: "stream"
        }
    }

    /// True unless null or false (the truth rule of conditions).
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        default: true
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The record payload, if this is a record.
    public var recordValue: Record? {
        if case .record(let r) = self { return r }
        return nil
    }

    /// The list payload, if this is a list.
    public var listValue: [Value]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// Numeric payload widened to Double, for int and float.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .float(let d): d
        default: nil
        }
    }
}

extension Value: Equatable {
    /// Structural equality: ints and floats compare by number; records ignore key order.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.int(let a), .float(let b)): return Double(a) == b && b.rounded() == b && Int(exactly: b) == a
        case (.float(let a), .int(let b)): return Double(b) == a && Int(exactly: a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.record(let a), .record(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.stream(let a), .stream(let b)): return a === b
        default: return false
        }
    }
}

extension Value: Hashable {
    /// Hashes consistently with `==` (an integral float hashes like the int).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(Double(i))
        case .float(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .date(let d): hasher.combine(d)
        case .list(let l): hasher.combine(l)
        case .record(let r): hasher.combine(r)
        case .function(let f): hasher.combine(ObjectIdentifier(f))
        case .stream(let s): hasher.combine(ObjectIdentifier(s))
        }
    }
}
