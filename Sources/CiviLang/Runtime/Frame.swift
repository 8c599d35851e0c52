import CiviCore

/// Heap storage for the local variable slots of one activation whose variables may outlive the
/// call (a closure or a lazy stage keeps them), or of a chunk's nested blocks, in one allocation.
/// Variables are resolved at compile time to (depth, slot), so no lookup happens by name; slot
/// indexes are below the compiled slot count by construction.
final class Env: ManagedBuffer<EnvHeader, Value> {
    /// An environment of `count` null slots whose enclosing environment is `parent`.
    static func make(count: Int, parent: Env?) -> Env {
        let buffer = Env.create(minimumCapacity: count) { _ in EnvHeader(count: count, parent: parent) }
        let env = unsafeDowncast(buffer, to: Env.self)
        env.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: count) }
        return env
    }

    deinit {
        withUnsafeMutablePointers { h, e in EnvReaper.destroy(e, count: h.pointee.count) }
    }

    @inline(__always)
    var parent: Env? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

    /// The number of slots.
    @inline(__always)
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// The first slot; stable for the object's lifetime (the slots are tail-allocated).
    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    /// Sets every slot back to null (before the environment is reused).
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

    /// The environment `depth` levels out.
    @inline(__always)
    func up(_ depth: Int) -> Env {
        var f = self
        for _ in 0..<depth { f = f.parent ?? f }
        return f
    }
}

/// An environment's slot count and enclosing environment.
struct EnvHeader {
    let count: Int
    let parent: Env?
}

/// The frame compiled code runs in: its own slots, and the environments of enclosing functions.
/// A function whose variables cannot outlive a call (it creates no closure that keeps them and
/// binds no stage) has its slots on the context's `SlotStack`, so a call does no allocation and no
/// reference counting; otherwise they live in `own`. The references are unowned: whoever makes a
/// frame keeps its environments alive for as long as the frame is used (the caller for a call,
/// the closure or stage that captured `own` for later ones).
struct Frame {
    /// Slot 0 of this activation.
    let slots: UnsafeMutablePointer<Value>
    /// The environment of the enclosing function (depth 1), if the function reaches outer variables.
    unowned(unsafe) let parent: Env?
    /// The heap environment holding `slots`, or nil when they are on the stack.
    unowned(unsafe) let own: Env?

    /// Slots on the stack (or elsewhere) with `parent` as the enclosing environment.
    @inline(__always)
    init(slots: UnsafeMutablePointer<Value>, parent: Env?) {
        self.slots = slots
        self.parent = parent
        own = nil
    }

    /// The frame over a heap environment.
    @inline(__always)
    init(_ env: Env) {
        slots = env.slots
        parent = env.parent
        own = env
    }

    /// The value in `slot` of this activation.
    @inline(__always)
    subscript(slot: Int) -> Value {
        get { slots[slot] }
        nonmutating set { slots[slot] = newValue }
    }

    /// The slot `slot` of the function `depth` levels out (0 is this one).
    @inline(__always)
    func pointer(_ depth: Int, _ slot: Int) -> UnsafeMutablePointer<Value> {
        if depth == 0 { return slots + slot }
        // Code at depth >= 1 only compiles in functions whose closures keep the enclosing
        // environment, so `parent` is set whenever this runs.
        return parent!.up(depth - 1).slots + slot
    }
}
