import CiviCore

/// Field typos found before anything runs: a stage reading `.field` off a stream whose resource is
/// known from the code (`advocates() | where .stat == "CA"`), `select` on such a stream, and a
/// field of `advocates() | first` or `advocate(id)`. A name neither in the contract's known fields
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
        } else {
            reportUnknownField(name, of: recordResource(base), at: range)
        }
    }
}
