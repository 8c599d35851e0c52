/// What `civi test` needs to know of a script before running its cases.
extension Interpreter {
    /// The top-level functions of `source` named `test_*` that take no parameters, in source
    /// order: each is one test case. Empty when there are none or the source does not parse.
    public static func testCaseNames(in source: String, name: String) -> [String] {
        var parser = Parser(file: SourceFile(name: name, text: source))
        let statements = parser.parseChunk()
        guard parser.issues.isEmpty else { return [] }
        return statements.compactMap { statement in
            guard case .function(let fn, let params, _) = statement.kind, fn.hasPrefix("test_"), params.isEmpty else { return nil }
            return fn
        }
    }
}
