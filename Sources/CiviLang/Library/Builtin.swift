import CiviCore

/// A built-in function: its name, how many arguments it takes, and what it computes.
public struct Builtin: Sendable {
    /// The name scripts call it by.
    public let name: String
    /// The accepted argument counts.
    public let arity: ClosedRange<Int>
    /// Computes the result; checks the argument count itself, so a wrong count is an error, never a crash.
    public let call: @Sendable ([Value], LibraryContext) throws(LibraryError) -> Value

    /// Makes a built-in whose body receives checked arguments.
    public init(_ name: String, arity: ClosedRange<Int>,
                _ body: @escaping @Sendable (Arguments, LibraryContext) throws(LibraryError) -> Value) {
        self.name = name
        self.arity = arity
        self.call = { values, context throws(LibraryError) in
            guard arity.contains(values.count) else {
                throw LibraryError("\(name): expected \(Builtin.describe(arity)), got \(values.count)")
            }
            return try body(Arguments(function: name, values: values), context)
        }
    }

    /// Makes a built-in from a raw body; the argument count is still checked before `call` runs it.
    public init(name: String, arity: ClosedRange<Int>,
                call: @escaping @Sendable ([Value], LibraryContext) throws(LibraryError) -> Value) {
        self.init(name, arity: arity) { args, context throws(LibraryError) in try call(args.values, context) }
    }

    static func describe(_ arity: ClosedRange<Int>) -> String {
        func args(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if arity.lowerBound == arity.upperBound { return args(arity.lowerBound) }
        if arity.upperBound == arity.lowerBound + 1 { return "\(arity.lowerBound) or \(args(arity.upperBound))" }
        return "\(arity.lowerBound) to \(args(arity.upperBound))"
    }
}

/// The table of every library built-in, by name.
public enum Builtins {
    /// Every built-in of the library (the interpreter adds its own: print, assert, error, ...).
    public static let all: [String: Builtin] = {
        var table: [String: Builtin] = [:]
        for b in valueBuiltins + stringBuiltins + timeBuiltins + fileBuiltins { table[b.name] = b }
        return table
    }()
}
