import CiviCore
import Synchronization

/// Runs civi source: parse, compile to closures, evaluate on the caller's thread.
/// Top-level variables persist between `run` calls (the REPL's session).
public final class Interpreter: @unchecked Sendable {
    let runtime: Runtime
    let builtins: [String: Value]

    /// Makes an interpreter; with no host, API calls fail with "no API connection".
    public init(host: (any APIHost)?, options: InterpreterOptions) {
        runtime = Runtime(host: host, options: options)
        var table = Library.functions(runtime)
        for (k, v) in APIFunctions.all(runtime) { table[k] = v }
        for (k, v) in CoreBuiltins.all(runtime) { table[k] = v }
        builtins = table
    }

    /// Runs a chunk; `onValue` gets the value of each top-level expression statement (assignments,
    /// loops and `fn` show nothing). A null value is passed on only when `showingNull` (the REPL and
    /// `-e` show it, so a missing field is not silent) and never for an effect-only call such as
    /// `print(...)`, an `if` or a `try`. A stream is passed on unread.
    public func run(_ source: String, name: String, showingNull: Bool = false,
                    onValue: ((Value) throws -> Void)?) throws(Diagnostic) {
        try execute(source, name: name, showingNull: showingNull,
                    show: onValue.map { onValue in { value, _, _, _ in try onValue(value) } })
    }

    /// Runs a chunk for display: `onResult` gets what each top-level expression statement shows,
    /// made as part of the statement (nulls as `run(_:name:showingNull:onValue:)` decides). A
    /// stream is read here (its first rows for `.preview`, every element for `.all`), so its
    /// requests belong to the statement and a failure carries the statement's location; `onResult`
    /// only renders and never calls back into the language. `keeping` gets the shown value itself
    /// (the REPL's `_`).
    public func run(_ source: String, name: String, showing: StreamShowing, showingNull: Bool = false,
                    keeping: ((Value) -> Void)? = nil,
                    onResult: ((StatementResult) throws -> Void)?) throws(Diagnostic) {
        try execute(source, name: name, showingNull: showingNull, show: onResult.map { onResult in
            { value, ctx, range, file in
                let result = try at(range, file) { try Interpreter.result(of: value, showing: showing, ctx) }
                keeping?(value)
                try onResult(result)
            }
        })
    }

    /// What `value` shows: itself, or for a stream its preview or every element.
    static func result(of value: Value, showing: StreamShowing, _ ctx: Context) throws -> StatementResult {
        guard case .stream(let stream) = value else { return .value(value) }
        switch showing {
        case .preview(let rows): return .preview(try stream.operations().preview(ctx, limit: rows))
        case .all: return .value(.list(try ctx.materialise(value, stage: "collect")))
        }
    }

    /// Compiles and runs a chunk; `show` gets each shown statement's value, the context it ran in
    /// and the statement's place.
    private func execute(_ source: String, name: String, showingNull: Bool,
                         show: ((Value, Context, SourceRange, SourceFile) throws -> Void)?) throws(Diagnostic) {
        let file = SourceFile(name: name, text: source)
        let chunk = try compile(file, into: runtime)
        runtime.steps.store(0, ordering: .relaxed)
        let ctx = Context(runtime: runtime)
        let env = Env.make(count: chunk.slotCount, parent: nil)
        let frame = Frame(env)
        do {
            // The frame does not own its environment; keep it alive while the chunk runs.
            defer { extendLifetime(env) }
            for (code, display, range) in chunk.statements {
                let v = try code.run(ctx, frame)
                ctx.signal = .none
                guard let show, let range else { continue }
                switch display {
                case .nothing: continue
                case .value: if case .null = v, !showingNull { continue }
                case .valueUnlessNull: if case .null = v { continue }
                }
                try show(v, ctx, range, file)
            }
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw runtime.fault(from: error).diagnostic
        }
    }

    /// Syntax errors and unknown names, without evaluating anything.
    public func check(_ source: String, name: String) -> [Diagnostic] {
        let file = SourceFile(name: name, text: source)
        let scratch = Runtime(host: runtime.host, options: runtime.options)
        scratch.globals = runtime.globals.copy()
        do {
            _ = try compile(file, into: scratch)
            return []
        } catch {
            return [error] + error.others.map { $0 }
        }
    }

    /// True when `source` ends too early to run (an open bracket, block or string, a trailing
    /// operator or `|`): the REPL reads another line instead of reporting an error.
    public func isIncomplete(_ source: String) -> Bool {
        var parser = Parser(file: SourceFile(name: "<repl>", text: source))
        _ = parser.parseChunk()
        return parser.issues.first?.incomplete == true
    }

    private func compile(_ file: SourceFile, into runtime: Runtime) throws(Diagnostic) -> Compiler.Chunk {
        var parser = Parser(file: file)
        let statements = parser.parseChunk()
        if !parser.issues.isEmpty { throw Interpreter.diagnostic(parser.issues, file) }
        let mark = runtime.globals.names.count
        let libraryMark = runtime.libraries.mark
        let compiler = Compiler(source: file, runtime: runtime, builtins: builtins)
        let chunk = compiler.compileChunk(statements)
        if !compiler.issues.isEmpty {
            // Libraries compiled for this chunk refer to the globals dropped here: forget them too.
            runtime.libraries.forget(since: libraryMark)
            runtime.globals.truncate(to: mark)
            throw Interpreter.diagnostic(compiler.issues, file)
        }
        return chunk
    }

    static func diagnostic(_ issues: [SyntaxIssue], _ file: SourceFile) -> Diagnostic {
        let all = issues.prefix(Parser.maxIssues).map { issue in
            Diagnostic(kind: issue.incomplete ? .incomplete : .syntax, message: issue.message, in: issue.file ?? file,
                       at: issue.range, hint: issue.hint)
        }
        var first = all[0]
        first.others = Array(all.dropFirst())
        return first
    }

    /// Stops the running evaluation at the next loop back-edge, call or stage element (thread-safe).
    public func cancel() { runtime.cancelled.store(true, ordering: .relaxed) }

    /// Allows evaluation again after `cancel()`.
    public func clearCancellation() { runtime.cancelled.store(false, ordering: .relaxed) }

    /// The streams read since the last call (what each asked of its source, for `:time`), and forgets them.
    public func takeStreamReads() -> StreamReads {
        runtime.streamReads.withLock { reads in
            defer { reads = StreamReads() }
            return reads
        }
    }

    /// The session's top-level variables, in the order they were first bound.
    public var variables: [(name: String, value: Value)] {
        let g = runtime.globals
        return g.names.indices.filter { g.isAssigned($0) }.map { (g.names[$0], g.value($0)) }
    }
}
