import CiviCore

/// A built-in's arguments with typed accessors whose errors name the function and the argument.
public struct Arguments: Sendable {
    /// The function being called (for messages).
    public let function: String
    /// The values passed.
    public let values: [Value]

    /// The number of arguments passed.
    public var count: Int { values.count }

    /// The argument at `index`, or null when absent.
    public subscript(index: Int) -> Value { index < values.count ? values[index] : .null }

    /// An error `function: message`.
    public func error(_ message: String, hint: String? = nil) -> LibraryError {
        LibraryError("\(function): \(message)", hint: hint)
    }

    /// An error saying which kind of value was expected and what arrived.
    public func mismatch(_ expected: String, at index: Int) -> LibraryError {
        error("expected \(expected), got \(self[index].typeName)", hint: Mistakes.hint(forUnexpected: self[index]))
    }

    /// The string argument at `index`; `what` names it, e.g. `a string separator`.
    public func string(_ index: Int, _ what: String) throws(LibraryError) -> String {
        guard case .string(let s) = self[index] else { throw mismatch(what, at: index) }
        return s
    }

    /// The int argument at `index` (an integral float is accepted).
    public func int(_ index: Int, _ what: String) throws(LibraryError) -> Int {
        switch self[index] {
        case .int(let i): return i
        case .float(let d) where d == d.rounded() && Int(exactly: d) != nil: return Int(d)
        default: throw mismatch(what, at: index)
        }
    }

    /// The list argument at `index`.
    public func list(_ index: Int, _ what: String) throws(LibraryError) -> [Value] {
        guard case .list(let l) = self[index] else { throw mismatch(what, at: index) }
        return l
    }

    /// The record argument at `index`.
    public func record(_ index: Int, _ what: String) throws(LibraryError) -> Record {
        guard case .record(let r) = self[index] else { throw mismatch(what, at: index) }
        return r
    }
}
