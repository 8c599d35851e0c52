import CiviCore
import Synchronization

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
    /// Slots of calls whose frames are on the stack (behind a pointer: no exclusivity checks).
    let stack: UnsafeMutablePointer<SlotStack>

    init(runtime: Runtime, isWorker: Bool = false) {
        self.runtime = runtime
        self.isWorker = isWorker
        maxDepth = runtime.options.maxCallDepth
        state = .allocate(capacity: 1)
        state.initialize(to: ContextState())
        stack = .allocate(capacity: 1)
        stack.initialize(to: SlotStack())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
        spares.release()
        stack.pointee.free()
        stack.deallocate()
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
    /// The streams read since the shell last asked, for its `:time` line.
    let streamReads = Mutex(StreamReads())
    /// The files `use` has loaded into this runtime.
    let libraries = Libraries()

    init(host: (any APIHost)?, options: InterpreterOptions) {
        self.host = host
        self.options = options
        stepLimit = options.stepLimit
    }

    /// `error` as a fault, the interrupt when the evaluation has been cancelled (see
    /// `Fault.afterCancellation`). Host calls and workers report their errors through this.
    func fault(from error: any Error) -> Fault {
        let f = Fault.from(error)
        return cancelled.load(ordering: .relaxed) ? f.afterCancellation() : f
    }

    /// Records that a stream started reading its source (any thread).
    func noteRead(_ description: StreamDescription) {
        streamReads.withLock { $0.note(description) }
    }

    /// The host, or the error every API call gives without one.
    func requireHost() throws -> any APIHost {
        guard let host else {
            throw Fault("no API connection", hint: "start civi with an API key configured, or use `civi serve` for the sandbox")
        }
        return host
    }
}
