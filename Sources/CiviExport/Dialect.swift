import CiviCore

/// How one target language spells what the shared AST walk (`ProgramEmitter`) produces:
/// blocks, declarations, calls, literals. The walk decides *what* code runs; a dialect only
/// decides how it is written.
protocol Dialect {
    /// The prelude of runtime helpers, split in sections.
    var prelude: PreludeLibrary { get }
    /// Words user names must not take (keywords, builtins, prelude names).
    var reserved: Set<String> { get }

    /// The whole file around `main`'s lines.
    func program(name: String, main: [String], state: EmitterState) -> String

    // Statements
    func statement(_ code: String) -> String
    /// `x = v` (a new binding declares where the language needs it).
    func assign(_ name: String, _ value: String, isNew: Bool) -> String
    /// Declares a temporary before statements assign it.
    func declareTemp(_ name: String) -> String?
    func returnValue(_ value: String) -> String
    func ifOpen(_ condition: String) -> String
    func elseIfOpen(_ condition: String) -> String
    func elseOpen() -> String
    func forOpen(_ name: String, _ sequence: String) -> String
    func whileOpen(_ condition: String) -> String
    func breakOut(unless condition: String) -> [String]
    func tryOpen() -> String
    /// Closes the `try` block and opens the handler of civi's catchable errors, caught as `error`.
    func catchOpen(_ error: String) -> [String]
    func functionOpen(_ name: String, _ parameters: [String], outerAssigned: [String]) -> [String]
    /// Ends the block opened last (nil where indentation alone ends it).
    func close() -> String?
    /// An empty block's body (nil when a language allows an empty block).
    var emptyBody: String? { get }

    // Expressions
    func literal(_ v: Value) -> String?
    func string(_ s: String) -> String
    func record(_ fields: [(key: String, value: String)]) -> String
    func not(_ x: String) -> String
    func and(_ a: String, _ b: String) -> String
    func or(_ a: String, _ b: String) -> String
    func conditional(_ condition: String, _ then: String, _ otherwise: String) -> String
    func lambda(_ parameters: [String], _ body: String) -> String
    /// A call of a runtime helper (awaited where the helper may do I/O or call back).
    func helperCall(_ name: String, _ arguments: [String]) -> String
    /// A call of a user function or function value.
    func userCall(_ callee: String, _ arguments: [String]) -> String
    func thunkCall(_ name: String) -> String
    /// The list-of-filters argument of a listing.
    func pairs(_ items: [(String, String)]) -> String
    func list(_ items: [String]) -> String

    // Where a target differs from the dynamic ones (defaults below keep Python and JavaScript as they are)
    /// A named function (a civi `fn`, a local function the walk wrote, a runtime helper) used as a value.
    func functionValue(_ name: String, arity: Int?) -> String
    /// A call of a civi `fn` by its name with as many arguments as it has parameters.
    func directCall(_ name: String, _ arguments: [String]) -> String
    /// The runtime helpers this target has (nil: all the walk may ask for); a program that needs
    /// another is an export error at the construct that needed it.
    var supportedHelpers: Set<String>? { get }
    /// The target's name in messages.
    var displayName: String { get }
    /// Whether a civi `fn`'s name can be assigned another value (false where it is a function declaration).
    var namedFunctionsAreVariables: Bool { get }
    /// `list | where`: the elements of the list `source` for which `condition` (a target boolean
    /// over `element`) holds, in the target's own idiom; nil keeps the runtime's `where`.
    func filteredList(_ source: String, element: String, condition: String) -> String?
    /// `list | map`: `value` (over `element`) for each element of the list `source`; nil keeps `map_each`.
    func mappedList(_ source: String, element: String, value: String) -> String?
}

extension Dialect {
    func functionValue(_ name: String, arity: Int?) -> String { name }
    func directCall(_ name: String, _ arguments: [String]) -> String { userCall(name, arguments) }
    var supportedHelpers: Set<String>? { nil }
    var displayName: String { "this language" }
    var namedFunctionsAreVariables: Bool { true }
    func filteredList(_ source: String, element: String, condition: String) -> String? { nil }
    func mappedList(_ source: String, element: String, value: String) -> String? { nil }
}
