import CiviCore

/// Reading and binding names: locals by (depth, slot), globals by slot, built-ins as constants.
extension Compiler {
    typealias Writer = (Context, Frame, Value) throws -> Void

    /// The code that reads `name`.
    func read(_ name: String, _ range: SourceRange) -> Code {
        if let r = scope.resolveLocal(name) { return reader(r, name: name, range: range) }
        if let i = globals.index[name] { return reader(.global(i), name: name, range: range) }
        if let b = builtins[name] { return { _, _ in b } }
        let i = globals.slot(name)
        pending.append((name, range))
        return reader(.global(i), name: name, range: range)
    }

    /// The cell of `name` when `read` would resolve it to a top-level variable, else nil.
    func globalCell(_ name: String, _ range: SourceRange) -> UnsafeMutablePointer<GlobalCell>? {
        if scope.resolveLocal(name) != nil { return nil }
        if let i = globals.index[name] { return globals.cells[i] }
        if builtins[name] != nil { return nil }
        let i = globals.slot(name)
        pending.append((name, range))
        return globals.cells[i]
    }

    func reader(_ r: Resolution, name: String, range: SourceRange) -> Code {
        switch r {
        case .local(0, let slot, _): return { _, frame in frame.slots[slot] }
        case .local(let depth, let slot, _): return { _, frame in frame.pointer(depth, slot).pointee }
        case .global(let i):
            let cell = globals.cells[i], source = self.source
            return { _, _ in
                if cell.pointee.assigned { return cell.pointee.value }
                throw unassigned(name, range, source)
            }
        }
    }

    /// Where an assignment to `name` goes: an existing variable (inner first), else a new binding
    /// in the innermost block (a global at the chunk's top level).
    func bind(_ name: String) -> Resolution {
        if let r = scope.resolveLocal(name) { return r }
        if let i = globals.index[name] {
            if scope.bindsGlobals { boundGlobals.insert(name) }
            return .global(i)
        }
        if scope.bindsGlobals {
            boundGlobals.insert(name)
            return .global(globals.slot(name))
        }
        return .local(depth: 0, slot: scope.declareLocal(name), crossesParallel: false)
    }

    func writer(_ r: Resolution, name: String, range: SourceRange) -> Writer {
        let source = self.source
        let readOnly = Fault("cannot assign to `\(name)` inside `parallel`: variables outside it are read-only there",
                             hint: "return values from the parallel expression and combine them afterwards").located(range, in: source)
        switch r {
        case .local(_, _, true):
            return { _, _, _ in throw readOnly }
        case .local(0, let slot, _):
            return { _, frame, v in frame.slots[slot] = v }
        case .local(let depth, let slot, _):
            return { _, frame, v in frame.pointer(depth, slot).pointee = v }
        case .global(let i):
            let cell = globals.cells[i]
            return { ctx, _, v in
                if ctx.isWorker { throw readOnly }
                cell.pointee.set(v)
            }
        }
    }

    /// `name op= value`. The variable is read, then the right side evaluated (as written); for
    /// `+=` of a list or string, the value is then moved out of the variable (leaving null) so
    /// that, when nothing else holds it, its buffer is uniquely referenced and the right side is
    /// appended in place: building a list or string in a loop is amortised O(1) per step, not a
    /// copy of everything so far. A buffer another variable still holds is not unique, so it is
    /// copied as before (`b = a; b += [1]` leaves `a` alone).
    func compoundAssignment(_ name: String, _ op: AssignOp, _ rhs: @escaping Code,
                            _ nameRange: SourceRange, _ range: SourceRange) -> Code {
        let source = self.source, regexes = runtime.regexes, binary = op.binary
        let read = self.read(name, nameRange)
        let res = bind(name)
        let write = writer(res, name: name, range: nameRange)
        let modify = modifier(res, name: name, range: nameRange)
        let combine: (Value, Value) throws -> Value = { old, new in
            try at(range, source) { try Operators.apply(binary, old, new, regexes: regexes) }
        }
        return { ctx, frame in
            // Optional so the reference can be dropped before the append (debug builds keep a
            // `let` alive to the end of its scope).
            var old: Value? = try read(ctx, frame)
            let new = try rhs(ctx, frame)
            guard binary == .add, InPlace.appends(old ?? .null, new) else {
                try write(ctx, frame, try combine(old ?? .null, new))
                return .null
            }
            try modify(ctx, frame) { current in
                // The right side assigned the variable itself: the value read first counts.
                guard InPlace.sameStorage(current, old ?? .null) else {
                    current = try combine(old ?? .null, new)
                    return
                }
                old = nil
                InPlace.append(&current, new)
            }
            return .null
        }
    }

    /// Takes a variable's value out (leaving null) so it can be changed in place, then puts it back.
    func modifier(_ r: Resolution, name: String, range: SourceRange) -> (Context, Frame, (inout Value) throws -> Void) throws -> Void {
        let read = reader(r, name: name, range: range)
        let write = writer(r, name: name, range: range)
        switch r {
        case .local(let depth, let slot, false):
            return { _, frame, change in
                let p = frame.pointer(depth, slot)
                var v = p.pointee
                p.pointee = .null
                defer { p.pointee = v }
                try change(&v)
            }
        case .global(let i):
            let cell = globals.cells[i]
            return { ctx, frame, change in
                var v = try read(ctx, frame)
                try write(ctx, frame, .null)
                defer { cell.pointee.set(v) }
                try change(&v)
            }
        default:
            return { ctx, frame, change in
                var v = try read(ctx, frame)
                try change(&v)
                try write(ctx, frame, v)
            }
        }
    }
}
