import CiviLang

extension ProgramEmitter {
    /// `where` and `map` over a value known to be a list (`ListFacts`) in the target's own idiom
    /// (a Python comprehension, a JavaScript array method) when the stage's function is one
    /// expression over one element; nil leaves the stage to `stageCall` and the runtime helper.
    /// A stage over a stream is never rewritten: the runtime keeps it lazy.
    func listStage(_ stage: Stage, of source: String, input: Expr) throws -> String? {
        let isFilter: Bool, argument: Expr
        switch stage.kind {
        case .filter(let p): (isFilter, argument) = (true, p)
        case .map(let f): (isFilter, argument) = (false, f)
        default: return nil
        }
        guard state.lists.isList(input, atTopLevelStatement: state.topLevelStatement),
              let (params, statements, body) = elementFunction(argument) else { return nil }
        // From here the function is written exactly once, whichever form the stage takes.
        let pieces = try functionPieces(params, statements, parameterNames: params.isEmpty ? ["it"] : nil)
        if case .expression(let names, let value) = pieces, names.count == 1 {
            let written = if isFilter {
                dialect.filteredList(source, element: names[0], condition: isTruthValue(body) ? value : call("truthy", [value]))
            } else {
                dialect.mappedList(source, element: names[0], value: value)
            }
            if let written { return written }
        }
        let function = switch pieces {
        case .expression(let names, let value): dialect.lambda(names, value)
        case .written(let value): value
        }
        return call(isFilter ? "where" : "map_each", [source, function])
    }

    /// A stage argument that is a function of one element written inline: `x => EXPR` or an
    /// expression over `it` (its parameters, statements and the expression); nil for a name,
    /// which `stageFunction` resolves (a function value, a built-in, an API function).
    private func elementFunction(_ e: Expr) -> (params: [String], statements: [Stmt], body: Expr)? {
        switch e.kind {
        case .name:
            return nil
        case .lambda(let params, let block):
            guard params.count == 1, block.statements.count == 1, case .expr(let body) = block.statements[0].kind else { return nil }
            return (params, block.statements, body)
        default:
            return ([], [Stmt(kind: .expr(e), range: e.range)], e)
        }
    }
}
