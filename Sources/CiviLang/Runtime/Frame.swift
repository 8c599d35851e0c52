import CiviCore
import Synchronization

/// The local variable slots of one function activation (or of a chunk's nested blocks), in one
/// allocation. Variables are resolved at compile time to (depth, slot), so no lookup happens by
/// name; slot indexes are below the compiled slot count by construction.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    /// A frame of `count` null slots whose enclosing frame is `parent`.
    static func make(count: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: count) { _ in FrameHeader(count: count, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: count) }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { h, e in _ = e.deinitialize(count: h.pointee.count) }
    }

    @inline(__always)
    var parent: Frame? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

    /// The number of slots.
    @inline(__always)
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Sets every slot back to null (before the frame is reused).
    @inline(__always)
    func clear() {
        let n = count
        withUnsafeMutablePointerToElements { e in
            for i in 0..<n { e[i] = .null }
        }
    }

    /// The value in `slot`.
    @inline(__always)
    subscript(slot: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[slot] } }
        set { withUnsafeMutablePointerToElements { $0[slot] = newValue } }
    }

    /// The frame `depth` levels out.
    @inline(__always)
    func up(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { f = f.parent ?? f }
        return f
    }
}

/// A frame's slot count and enclosing frame.
struct FrameHeader {
    let count: Int
    let parent: Frame?
}

/// One top-level variable's storage; compiled code holds the pointer, so reads do no lookup.
struct GlobalCell {
    var value: Value = .null
    var assigned = false
}

/// Top-level variables: they outlive one chunk (the REPL keeps them between lines).
final class Globals: @unchecked Sendable {
    private(set) var names: [String] = []
    private(set) var index: [String: Int] = [:]
    private(set) var cells: [UnsafeMutablePointer<GlobalCell>] = []

    deinit {
        for c in cells {
            c.deinitialize(count: 1)
            c.deallocate()
        }
    }

    /// The slot of `name`, creating an unassigned one when new.
    func slot(_ name: String) -> Int {
        if let i = index[name] { return i }
        index[name] = names.count
        names.append(name)
        let cell = UnsafeMutablePointer<GlobalCell>.allocate(capacity: 1)
        cell.initialize(to: GlobalCell())
        cells.append(cell)
        return names.count - 1
    }

    func isAssigned(_ i: Int) -> Bool { cells[i].pointee.assigned }
    func value(_ i: Int) -> Value { cells[i].pointee.value }

    /// Copies names and values (for `check`, which must not disturb the session).
    func copy() -> Globals {
        let g = Globals()
        for (i, n) in names.enumerated() {
            let k = g.slot(n)
            g.cells[k].pointee = cells[i].pointee
        }
        return g
    }

    /// Forgets globals declared after `count` (a chunk that failed to compile).
    func truncate(to count: Int) {
        guard count < names.count else { return }
        for n in names[count...] { index[n] = nil }
        for c in cells[count...] {
            c.deinitialize(count: 1)
            c.deallocate()
        }
        names.removeSubrange(count...)
        cells.removeSubrange(count...)
    }
}

/// What loop and function bodies signal to their enclosing statement.
enum Signal: UInt8 {
    case none, breakLoop, continueLoop, returnValue
}

/// Per-thread evaluation state: control signals, call depth, step count.
final class Context {
    let runtime: Runtime
    /// True on a `parallel` worker: outer variables are read-only and caches are not written.
    let isWorker: Bool
    private let state: UnsafeMutablePointer<ContextState>
    /// The call depth limit, copied here for the hot path.
    let maxDepth: Int

    init(runtime: Runtime, isWorker: Bool = false) {
        self.runtime = runtime
        self.isWorker = isWorker
        maxDepth = runtime.options.maxCallDepth
        state = .allocate(capacity: 1)
        state.initialize(to: ContextState())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
        spares.release()
    }

    /// Frames of finished calls kept for reuse (see `FramePool`).
    let spares = FramePool()

    /// The pending break/continue/return.
    var signal: Signal {
        @inline(__always) get { state.pointee.signal }
        @inline(__always) set { state.pointee.signal = newValue }
    }

    /// The value of a pending `return`.
    var returnValue: Value {
        get { state.pointee.returnValue }
        set { state.pointee.returnValue = newValue }
    }

    /// Nested calls in progress.
    var depth: Int {
        @inline(__always) get { state.pointee.depth }
        @inline(__always) set { state.pointee.depth = newValue }
    }

    /// Checks cancellation and the step limit; called at loop back-edges, calls and stage elements.
    @inline(__always)
    func tick() throws {
        if runtime.cancelled.load(ordering: .relaxed) { throw interruptFault() }
        if let limit = runtime.stepLimit, runtime.steps.add(1, ordering: .relaxed).newValue > limit {
            throw stepFault(limit)
        }
    }

    @inline(never)
    func interruptFault() -> any Error { Fault.interrupted }

    @inline(never)
    func stepFault(_ limit: Int) -> any Error {
        Fault("step limit of \(limit) exceeded", hint: "the program ran longer than allowed")
    }
}

/// The mutable part of a context, behind a pointer so the hot path does no exclusivity checks.
struct ContextState {
    var signal: Signal = .none
    var returnValue: Value = .null
    var depth = 0
}

/// State shared by every thread of one interpreter.
final class Runtime: @unchecked Sendable {
    let host: (any APIHost)?
    let options: InterpreterOptions
    let cancelled = Atomic<Bool>(false)
    let steps = Atomic<Int>(0)
    let stepLimit: Int?
    var globals = Globals()
    let regexes = RegexCache()

    init(host: (any APIHost)?, options: InterpreterOptions) {
        self.host = host
        self.options = options
        stepLimit = options.stepLimit
    }

    /// The host, or the error every API call gives without one.
    func requireHost() throws -> any APIHost {
        guard let host else {
            throw Fault("no API connection", hint: "start civi with an API key configured, or use `civi serve` for the sandbox")
        }
        return host
    }
}
