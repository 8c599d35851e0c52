import CiviLang

/// The bookkeeping every emitter shares: the output of the function being written, the civi
/// scopes (which civi name is which target name, and in which function it lives), fresh names,
/// and the runtime helpers the program uses.
final class EmitterState {
    /// One target-language function being written (`main`, a civi `fn`, a lambda, a thunk).
    final class Function {
        var lines: [String] = []
        var indent: Int
        /// Outer names this function assigns (Python declares them `nonlocal`).
        var outerAssigned: [String] = []
        let id: Int

        init(id: Int, indent: Int) {
            self.id = id
            self.indent = indent
        }
    }

    /// A civi scope: a block or a function body.
    struct Scope {
        var names: [String: String] = [:]
        let function: Int
    }

    /// The file being walked (a library's while its statements are written).
    var tree: SyntaxTree
    let reserved: Set<String>
    private(set) var functions: [Function] = []
    private(set) var scopes: [Scope] = []
    private var counter = 0
    /// Runtime names the program refers to (to pick the prelude's sections).
    var used: Set<String> = []
    /// The program sends writes (listings are then read whole before they are walked).
    var writes = false
    /// The libraries (absolute paths) already in the program: each is written once, as civi runs it once.
    var libraries: Set<String> = []
    /// Where a list function (`advocates`) is first used as a value, and whether some function value
    /// is called with named arguments: together they cannot be exported (see `program(name:)`).
    var listFunctionValue: (name: String, range: SourceRange, file: SyntaxTree)?
    var callsWithNamedArguments = false
    /// The target names of named functions (civi `fn`s and the local functions the walk writes), with their arity.
    var functionArity: [String: Int] = [:]
    /// The place of the construct being written (where a missing runtime helper is reported).
    var range: SourceRange?
    /// The helpers the target has (nil: every one).
    var supportedHelpers: Set<String>?
    /// The first helper the target lacks, with the place of the construct that asked for it.
    var missing: (helper: String, range: SourceRange, file: SyntaxTree)?
    /// The expressions known to be lists before the program runs (see `ListFacts`).
    let lists: ListFacts
    /// The index of the top-level statement being written (nil inside a top-level `fn`, which may
    /// run before any of them, and inside a library).
    var topLevelStatement: Int?

    init(tree: SyntaxTree, reserved: Set<String>) {
        self.tree = tree
        self.reserved = reserved
        lists = ListFacts(tree.statements)
    }

    /// The program talks to the API (the resource table goes into the program).
    var usesAPI: Bool { !used.isDisjoint(with: ["new_query", "fetch_one", "create", "update", "delete_record", "raw", "civi_get"]) }

    var current: Function { functions[functions.count - 1] }

    func line(_ text: String) { current.lines.append(String(repeating: "    ", count: current.indent) + text) }

    func indented(_ body: () throws -> Void) throws {
        current.indent += 1
        defer { current.indent -= 1 }
        try body()
    }

    /// Writes `body` as a new function; returns its lines (at indent 0) and the outer names it assigns.
    func function(_ body: () throws -> Void) throws -> Function {
        counter += 1
        let f = Function(id: counter, indent: 0)
        functions.append(f)
        defer { functions.removeLast() }
        try body()
        return f
    }

    /// Runs `body` and takes back the lines it wrote: whether an expression needs statements first.
    func captured<T>(_ body: () throws -> T) throws -> (lines: [String], result: T) {
        let mark = current.lines.count
        let result = try body()
        let lines = Array(current.lines[mark...])
        current.lines.removeSubrange(mark...)
        return (lines, result)
    }

    func scope<T>(_ body: () throws -> T) throws -> T {
        scopes.append(Scope(function: current.id))
        defer { scopes.removeLast() }
        return try body()
    }

    /// The target name of a visible civi name, and whether it lives in an outer function.
    func lookup(_ name: String) -> (target: String, outer: Bool)? {
        for s in scopes.reversed() {
            if let t = s.names[name] { return (t, s.function != current.id) }
        }
        return nil
    }

    /// Runs `body` with `range` as the place of the construct being written.
    func at<T>(_ range: SourceRange, _ body: () throws -> T) rethrows -> T {
        let saved = self.range
        self.range = range
        defer { self.range = saved }
        return try body()
    }

    /// Binds `name` in the innermost scope (renamed when it is a reserved word); with `fresh`, a new
    /// target name when it would hide a visible one (a loop variable, a catch name).
    @discardableResult
    func bind(_ name: String, fresh: Bool = false) -> String {
        var target = safe(name)
        if fresh, lookup(name) != nil { target = self.fresh(target) }
        scopes[scopes.count - 1].names[name] = target
        return target
    }

    /// A name for an assignment to `name`: the visible binding (noting an outer one), or a new one.
    func assignee(_ name: String) -> (target: String, isNew: Bool) {
        if let (t, outer) = lookup(name) {
            if outer, !current.outerAssigned.contains(t) { current.outerAssigned.append(t) }
            return (t, false)
        }
        return (bind(name), true)
    }

    /// Makes the civi name `name` stand for the target name `target` in the innermost scope.
    func alias(_ name: String, to target: String) {
        scopes[scopes.count - 1].names[name] = target
    }

    func fresh(_ base: String) -> String {
        counter += 1
        return "\(base)_\(counter)"
    }

    func safe(_ name: String) -> String { reserved.contains(name) ? name + "_" : name }

    /// Records that the program uses the runtime's `name`; returns it.
    func helper(_ name: String) -> String {
        if let supportedHelpers, !supportedHelpers.contains(name), missing == nil, let range { missing = (name, range, tree) }
        used.insert(name)
        return name
    }

    func unsupported(_ what: String, at range: SourceRange, hint: String? = nil) -> Diagnostic {
        tree.error("\(what) cannot be exported", at: range, hint: hint)
    }
}
