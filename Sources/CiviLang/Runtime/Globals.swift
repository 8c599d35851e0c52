import CiviCore

/// One top-level variable's storage; compiled code holds the pointer, so reads do no lookup.
/// Calls of a top-level user function on the interpreter's own thread use `closure` without
/// retaining it (a retain and release per call was a large share of a recursive call's cost):
/// while such calls are in progress (`pinned`), `set` keeps a replaced closure alive in `retired`
/// instead of releasing it, so a running function cannot be freed under itself. Workers of
/// `parallel` never pin (they retain the value): globals are read-only while they run.
struct GlobalCell {
    private(set) var value: Value = .null
    var assigned = false
    /// `value` as a user closure, unretained (`value` owns it); nil for anything else.
    private(set) var closure: Unmanaged<Closure>?
    /// Unretained calls of `closure` in progress.
    var pinned = 0
    /// Closures replaced while pinned, released when the last pinned call returns.
    private var retired: [Value]?

    /// Assigns `v`, keeping the old closure alive while unretained calls may be running it.
    mutating func set(_ v: Value) {
        if pinned > 0, closure != nil {
            // Taken out and put back so the append happens in place.
            var kept = retired ?? []
            retired = nil
            kept.append(value)
            retired = kept
        }
        value = v
        assigned = true
        if case .function(let f) = v { closure = Closure.cast(f) } else { closure = nil }
    }

    /// Ends one pinned call; the last one releases what was replaced meanwhile.
    @inline(__always)
    mutating func unpin() {
        pinned -= 1
        if pinned == 0, retired != nil { retired = nil }
    }

    /// The same variable without pins (for a copy of the globals).
    var unpinned: GlobalCell {
        var c = GlobalCell()
        if assigned { c.set(value) }
        return c
    }
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

    /// The value field of cell `i`, for fast paths that read an int in place or overwrite an int
    /// with an int (which leaves `assigned` and `closure` as they are); other writes go through `set`.
    func valuePointer(_ i: Int) -> UnsafeMutablePointer<Value> {
        let offset = MemoryLayout<GlobalCell>.offset(of: \GlobalCell.value) ?? 0
        return (UnsafeMutableRawPointer(cells[i]) + offset).assumingMemoryBound(to: Value.self)
    }
    func value(_ i: Int) -> Value { cells[i].pointee.value }

    /// Copies names and values (for `check`, which must not disturb the session).
    func copy() -> Globals {
        let g = Globals()
        for (i, n) in names.enumerated() {
            let k = g.slot(n)
            g.cells[k].pointee = cells[i].pointee.unpinned
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
