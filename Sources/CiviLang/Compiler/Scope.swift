/// Compile-time view of one function's (or chunk's) variables: nested blocks of names → slots.
final class FunctionScope {
    let parent: FunctionScope?
    /// The chunk's own scope: names bound in its outermost block are globals.
    let isChunk: Bool
    /// A `parallel` body: variables outside it are read-only.
    let isParallel: Bool
    var blocks: [[String: Int]] = [[:]]
    var slotCount = 0
    var loopDepth = 0
    /// Whether code in this function reads or writes variables of enclosing functions (then its
    /// closures must keep the frame they were created in; otherwise they keep nothing).
    var usesOuterFrames = false
    /// Whether something may keep this function's variables after a call returns: a closure made
    /// here that reaches them, or a stage argument bound to the frame (lazy streams keep it).
    /// Otherwise a call's slots live on the context's slot stack.
    var frameEscapes = false

    init(parent: FunctionScope?, isChunk: Bool = false, isParallel: Bool = false) {
        self.parent = parent
        self.isChunk = isChunk
        self.isParallel = isParallel
    }

    /// The reserved name under which a stage's current element lives.
    static let itName = " it"

    func push() { blocks.append([:]) }
    func pop() { blocks.removeLast() }

    /// A fresh slot for `name` in the innermost block.
    func declareLocal(_ name: String) -> Int {
        let s = slotCount
        slotCount += 1
        blocks[blocks.count - 1][name] = s
        return s
    }

    /// True when a new binding here would be a global.
    var bindsGlobals: Bool { isChunk && blocks.count == 1 }

    func localSlot(_ name: String) -> Int? {
        for b in blocks.reversed() { if let s = b[name] { return s } }
        return nil
    }
}

/// Where a name lives.
enum Resolution {
    /// A frame slot `depth` functions out; `crossesParallel` when a `parallel` body lies between.
    case local(depth: Int, slot: Int, crossesParallel: Bool)
    case global(Int)
}

extension FunctionScope {
    /// Finds `name` in this and the enclosing function scopes.
    func resolveLocal(_ name: String) -> Resolution? {
        var scope: FunctionScope? = self
        var depth = 0
        var crosses = false
        var crossed: [FunctionScope] = []
        while let s = scope {
            if let slot = s.localSlot(name) {
                for c in crossed { c.usesOuterFrames = true }
                return .local(depth: depth, slot: slot, crossesParallel: crosses)
            }
            crossed.append(s)
            if s.isParallel { crosses = true }
            scope = s.parent
            depth += 1
        }
        return nil
    }

    /// True when a `parallel` body lies between here and the chunk (globals are read-only there).
    var insideParallel: Bool {
        var scope: FunctionScope? = self
        while let s = scope {
            if s.isParallel { return true }
            scope = s.parent
        }
        return false
    }
}
