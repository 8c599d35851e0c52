import CiviCore

/// Compiled code: evaluates in a context and a frame.
typealias Code = (Context, Frame) throws -> Value

/// Code kept in a collection. The struct keeps the closure at its natural abstraction, so calling
/// it from an array goes through no reabstraction thunk.
struct Compiled {
    let run: Code
}

/// What the compiler knows about a user function: parameters, frame size, body.
final class FunctionInfo: @unchecked Sendable {
    let name: String
    let arity: Int
    let slotCount: Int
    let body: Code
    let source: SourceFile
    let range: SourceRange
    /// False when the body never reaches enclosing frames, so closures need not keep theirs.
    let usesOuterFrames: Bool
    /// True when no closure or stage can keep the body's variables past a call, so a call's
    /// slots can live on the context's slot stack.
    let frameOnStack: Bool

    init(name: String, arity: Int, slotCount: Int, body: @escaping Code, source: SourceFile, range: SourceRange,
         usesOuterFrames: Bool = true, frameOnStack: Bool = false) {
        self.usesOuterFrames = usesOuterFrames
        self.frameOnStack = frameOnStack
        self.name = name
        self.arity = arity
        self.slotCount = slotCount
        self.body = body
        self.source = source
        self.range = range
    }
}

/// A user function or lambda with the frame it was created in.
final class Closure: FunctionObject, @unchecked Sendable {
    let info: FunctionInfo
    let captured: Env?
    // Copied from `info` so a call loads them without touching another object.
    let body: Code
    let slotCount: Int
    let arity: Int
    let onStack: Bool
    var displayName: String { info.name }

    /// A closure over `frame`, which must be a heap frame when the body reaches outer variables
    /// (the compiler puts a frame on the heap whenever code in it makes such a closure).
    init(info: FunctionInfo, captured frame: Frame) {
        self.info = info
        captured = info.usesOuterFrames ? frame.own : nil
        body = info.body
        slotCount = info.slotCount
        arity = info.arity
        onStack = info.frameOnStack
    }

    /// `f` as a user closure, if it is one (an exact class check, cheaper than `as?`), unretained:
    /// the caller keeps `f` alive while it uses the closure.
    @inline(__always)
    static func cast(_ f: any FunctionObject) -> Unmanaged<Closure>? {
        guard type(of: f) == Closure.self else { return nil }
        // Going through the object's identity costs no retain (a cast to the class would).
        guard let p = UnsafeRawPointer(bitPattern: UInt(bitPattern: ObjectIdentifier(f))) else { return nil }
        return Unmanaged.fromOpaque(p)
    }
}

/// A function implemented in Swift (library built-ins, API bindings, print/assert...).
final class NativeFunction: FunctionObject, @unchecked Sendable {
    let displayName: String
    let arity: ClosedRange<Int>
    /// Named arguments accepted (API filters); nil when none are.
    let acceptsNamed: Bool
    let body: (Context, [Value], [(name: String, value: Value)]) throws -> Value

    init(_ name: String, arity: ClosedRange<Int>, acceptsNamed: Bool = false,
         body: @escaping (Context, [Value], [(name: String, value: Value)]) throws -> Value) {
        displayName = name
        self.arity = arity
        self.acceptsNamed = acceptsNamed
        self.body = body
    }
}

/// The most function calls kept in an error's trace.
private let maxTrace = 8

extension Context {
    /// Calls a function value with positional and named arguments.
    func call(_ f: any FunctionObject, _ args: [Value], named: [(name: String, value: Value)] = []) throws -> Value {
        if let c = f as? Closure {
            guard named.isEmpty else { throw Fault("\(c.info.name)() takes no named arguments") }
            guard args.count == c.info.arity else { throw arityFault(c.info.name, expected: c.info.arity...c.info.arity, got: args.count) }
            if c.onStack, let slots = stack.pointee.push(c.slotCount) {
                defer { stack.pointee.pop(slots, c.slotCount) }
                for i in 0..<args.count { slots[i] = args[i] }
                return try invoke(c, Frame(slots: slots, parent: c.captured))
            }
            let env = Env.make(count: c.slotCount, parent: c.captured)
            defer { extendLifetime(env) }
            for i in 0..<args.count { env[i] = args[i] }
            return try invoke(c, Frame(env))
        }
        if let n = f as? NativeFunction {
            guard n.arity.contains(args.count) else { throw arityFault(n.displayName, expected: n.arity, got: args.count) }
            if !named.isEmpty, !n.acceptsNamed {
                throw Fault("\(n.displayName)() takes no named arguments", hint: "named arguments are filters of API list functions")
            }
            return try n.body(self, args, named)
        }
        throw Fault("\(f.displayName) cannot be called")
    }

    /// Runs a closure's body in a prepared frame, enforcing the call depth limit.
    @inline(__always)
    func invoke(_ c: Closure, _ frame: Frame) throws -> Value {
        try tick()
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth { throw depthFault() }
        var v: Value
        do {
            v = try c.body(self, frame)
        } catch {
            throw traced(error, in: c)
        }
        if signal != .none {
            if signal == .returnValue { v = returnValue }
            signal = .none
            returnValue = .null
        }
        return v
    }

    // Cold paths live out of line so the hot call path keeps a small stack frame.
    @inline(never)
    func depthFault() -> any Error {
        Fault("too many nested calls (more than \(maxDepth))", hint: "is there a recursion without a base case?")
    }

    @inline(never)
    func traced(_ error: any Error, in c: Closure) -> any Error {
        guard var f = error as? Fault, f.kind == .error else { return error }
        if f.trace.count < maxTrace {
            let line = c.info.source.line(of: c.info.range.start)
            f.trace.append("in \(c.info.name) (defined at \(c.info.source.name):\(line))")
        } else {
            f.elided += 1
        }
        return f
    }

    /// Calls `value` if it is a function (a stage argument that names a function), else returns it.
    @inline(__always)
    func applyIfFunction(_ value: Value, to element: Value) throws -> Value {
        if case .function(let f) = value { return try call(f, [element]) }
        return value
    }
}

func arityFault(_ name: String, expected: ClosedRange<Int>, got: Int) -> Fault {
    let want = expected.lowerBound == expected.upperBound ? "\(expected.lowerBound)" :
        expected.upperBound > 100 ? "at least \(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)"
    return Fault("\(name)() takes \(want) argument\(want == "1" ? "" : "s"), got \(got)")
}
