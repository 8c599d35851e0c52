import CiviCore

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
