import CiviCore

/// Slots of calls whose variables cannot outlive them, in one region per context: a call takes
/// its slots from the top and gives them back when it returns, so it allocates nothing and does
/// no reference counting. Pushes and pops nest like the calls (each pop is in a `defer`).
struct SlotStack {
    /// Slots in the region; deeper calls than fit use heap environments instead.
    static let capacity = 1 << 15
    let base: UnsafeMutablePointer<Value>
    let end: UnsafeMutablePointer<Value>
    var top: UnsafeMutablePointer<Value>

    init() {
        base = .allocate(capacity: SlotStack.capacity)
        end = base + SlotStack.capacity
        top = base
    }

    /// Frees the region; every push has been popped by then.
    func free() { base.deallocate() }

    /// `count` null slots, or nil when the region is full.
    @inline(__always)
    mutating func push(_ count: Int) -> UnsafeMutablePointer<Value>? {
        let p = top
        // A pointer comparison: `end - p` would divide by the stride of `Value`.
        guard p + count <= end else { return nil }
        top = p + count
        for i in 0..<count { (p + i).initialize(to: .null) }
        return p
    }

    /// Whether `count` more slots fit in the region.
    @inline(__always)
    func hasRoom(_ count: Int) -> Bool { top + count <= end }

    /// `count` (at least 1) slots, the first holding `first` (moved in, not copied) and the rest
    /// null; the caller has checked `hasRoom(count)`.
    @inline(__always)
    mutating func push(_ count: Int, first: consuming Value) -> UnsafeMutablePointer<Value> {
        let p = top
        top = p + count
        p.initialize(to: first)
        for i in 1..<count { (p + i).initialize(to: .null) }
        return p
    }

    /// Gives back the `count` slots at `p`, the latest push. Slots holding a value without
    /// references (most locals of hot functions are ints) need no out-of-line destroy call.
    @inline(__always)
    mutating func pop(_ p: UnsafeMutablePointer<Value>, _ count: Int) {
        for i in 0..<count {
            switch p[i] {
            case .null, .bool, .int, .float, .date: continue
            default: (p + i).deinitialize(count: 1)
            }
        }
        top = p
    }
}
