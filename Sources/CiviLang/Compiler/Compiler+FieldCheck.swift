import CiviCore

/// Field typos found before anything runs: a stage reading `.field` off a stream whose resource is
/// known from the code (`advocates() | where .stat == "CA"`), `select` on such a stream, a field
/// of `advocates() | first` or `advocate(id)`, and of a `for` variable over such a stream. A name neither in the contract's known fields
/// nor in those configuration adds is reported as the run-time error would be, so `civi check`
/// finds it and a script stops before its first write. Inside `try` it stays a run-time error.
extension Compiler {
    /// Stages that pass the records of their input through unchanged (possibly fewer, reordered).
    static func keepsRecords(_ stage: StageKind) -> Bool {
        switch stage {
        case .filter, .sort, .take, .skip, .unique, .collect: true
        default: false
        }
    }

    /// The resource of the records the stream or list `e` yields, when the code shows it: a call of
    /// an API list function (not shadowed by a variable) and stages that keep its records.
    func streamResource(_ e: Expr) -> ResourceSpec? {
        switch e.kind {
        case .call(let callee, _):
            guard case .name(let f) = callee.kind, isUnshadowed(f) else { return nil }
            return FilterEncoding.listSpec(function: f)
        case .pipeline(let input, let stage) where Compiler.keepsRecords(stage.kind):
            return streamResource(input)
        default:
            return nil
        }
    }

    /// The resource of the single record `e` gives: `stream | first`/`last`, or `advocate(id)`.
    func recordResource(_ e: Expr) -> ResourceSpec? {
        switch e.kind {
        case .pipeline(let input, let stage):
            switch stage.kind {
            case .first, .last: return streamResource(input)
            default: return nil
            }
        case .call(let callee, _):
            guard case .name(let f) = callee.kind, isUnshadowed(f) else { return nil }
            return ResourceTable.civiClick.resources.first { $0.singular == f }
        default:
            return nil
        }
    }

    /// True when `name` still means the built-in: no local or top-level variable of that name.
    func isUnshadowed(_ name: String) -> Bool {
        scope.resolveLocal(name) == nil && globals.index[name] == nil && !boundGlobals.contains(name)
    }

    /// Reports `name` when records of `spec` cannot have it; true when it did.
    @discardableResult
    func reportUnknownField(_ name: String, of spec: ResourceSpec?, at range: SourceRange) -> Bool {
        guard tryDepth == 0, let spec, !spec.knownFields.contains(name) else { return false }
        // Configuration may add fields the API returns beyond the contract's.
        if let configured = runtime.host?.resources.spec(named: spec.name), configured.knownFields.contains(name) { return false }
        let fault = MissingField.typo(name, of: spec)
        issues.append(SyntaxIssue(message: fault.message, range: range, hint: fault.hint))
        return true
    }

    /// Reports a typo in `base.name` when the record `base` stands for has a known resource.
    func checkField(of base: Expr, _ name: String, _ range: SourceRange) {
        if case .it = base.kind {
            reportUnknownField(name, of: itResource, at: range)
        } else if case .name(let variable) = base.kind,
                  case .local(0, let slot, _)? = scope.resolveLocal(variable),
                  let k = loopVariables.lastIndex(where: { $0.scope === scope && $0.slot == slot }) {
            // Held until the loop's body is compiled: an assignment to the variable cancels them.
            let mark = issues.count
            reportUnknownField(name, of: loopVariables[k].resource, at: range)
            loopVariables[k].issues += issues[mark...]
            issues.removeSubrange(mark...)
        } else {
            reportUnknownField(name, of: recordResource(base), at: range)
        }
    }

    /// Starts checking fields of `for name in seq`'s variable (its `slot`) when `seq` is a stream
    /// of a known resource; returns whether it did, for `endWatch`.
    func watchLoopVariable(_ name: String, slot: Int, over seq: Expr) -> Bool {
        guard tryDepth == 0, let resource = streamResource(seq) else { return false }
        loopVariables.append(LoopVariable(name: name, scope: scope, slot: slot, resource: resource))
        return true
    }

    /// Ends the innermost watch: its typos count unless the body assigned to the variable.
    func endWatch(_ watching: Bool) {
        guard watching, let loop = loopVariables.popLast() else { return }
        if !loop.reassigned { issues += loop.issues }
    }

    /// Any assignment to a watched variable's name (even to a field of it, or to another variable
    /// of that name in a nested function) stops its fields being checked: they may be anything.
    func noteAssignment(to name: String) {
        for k in loopVariables.indices where loopVariables[k].name == name { loopVariables[k].reassigned = true }
    }
}

/// A `for` variable whose records come from a stream of a known resource.
struct LoopVariable {
    let name: String
    let scope: FunctionScope
    let slot: Int
    let resource: ResourceSpec
    /// Typos found in the body so far, reported when the loop ends unless `reassigned`.
    var issues: [SyntaxIssue] = []
    var reassigned = false
}
