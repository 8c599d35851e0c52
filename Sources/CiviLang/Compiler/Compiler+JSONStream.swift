import CiviCore

/// `read_json(path) | where ... | count` without building the whole file: when the pipeline fits
/// `JSONStreamPlan`, the file's array is read as a `JSONFileStream` (one item at a time, only the
/// fields the stages read). Anything the stream cannot answer exactly as the list would — another
/// top-level value, bad JSON, a failing stage, a step limit — is answered by the list path: the
/// stages have no effects, so running them again over the list is unobservable.
extension Compiler {
    /// The pipeline ending in `stage` over `input`, streamed when it can be; nil otherwise.
    func jsonStreamPipeline(_ input: Expr, _ stage: Stage) -> Code? {
        var stages = [stage]
        var head = input
        while case .pipeline(let inner, let s) = head.kind {
            stages.append(s)
            head = inner
        }
        stages.reverse()
        let name = "read_json"
        guard case .call(let callee, let args) = head.kind, case .name(name) = callee.kind,
              args.count == 1, args[0].name == nil, isPathExpression(args[0].value),
              scope.resolveLocal(name) == nil, globals.index[name] == nil,
              case .function(let reader)? = builtins[name],
              let plan = JSONStreamPlan(stages) else { return nil }
        // Compiled in the nested pipelines' order: the input, then each stage.
        let path = expression(args[0].value)
        let codes = stages.map { self.stage($0) }
        let ranges = stages.map(\.range)
        let source = self.source, callRange = head.range, runtime = self.runtime

        /// Runs stages `from...` over `value` as nested pipelines do.
        func rest(_ ctx: Context, _ frame: Frame, _ value: Value, from start: Int) throws -> Value {
            var v = value
            for k in start..<codes.count {
                let input = v
                v = try at(ranges[k], source) { try codes[k](ctx, frame, input) }
                LateRelease.drop(input)
            }
            return v
        }

        return { ctx, frame in
            let p = try path(ctx, frame)
            if runtime.stepLimit == nil, case .string(let shown) = p, OutputFormat(fileExtensionOf: shown) != .ndjson {
                let bytes = try at(callRange, source) { try Self.readBytes(shown, runtime) }
                if JSONArrayElements.isArray(bytes) {
                    var stream: Value = .stream(JSONFileStream(bytes: bytes, fields: plan.fields, shown: shown))
                    var consumed: Value?
                    do {
                        for k in 0..<plan.consumer {
                            let next = try at(ranges[k], source) { try codes[k](ctx, frame, stream) }
                            if case .stream(let s) = next, let js = s as? JSONFileStream {
                                stream = .stream(js.locatingLastStage(ranges[k], source))
                            } else {
                                stream = next
                            }
                        }
                        consumed = try at(ranges[plan.consumer], source) { try codes[plan.consumer](ctx, frame, stream) }
                    } catch {
                        // An interrupt (or `exit`) stands; any other failure is the list path's to report.
                        guard runtime.fault(from: error).kind == .error else { throw error }
                    }
                    // The stages after the consumer may have effects: they run once, here.
                    if let consumed { return try rest(ctx, frame, consumed, from: plan.consumer + 1) }
                }
            }
            let list = try at(callRange, source) { try ctx.call(reader, [p]) }
            return try rest(ctx, frame, list, from: 0)
        }
    }

    /// A path `read_json` can be given without effects: a string literal or a variable.
    private func isPathExpression(_ e: Expr) -> Bool {
        switch e.kind {
        case .literal(.string), .name: true
        default: false
        }
    }

    /// The file's bytes, as `read_json` reads them (same errors).
    private static func readBytes(_ shown: String, _ runtime: Runtime) throws -> [UInt8] {
        let context = runtime.libraryContext
        do throws(LibraryError) {
            return try FileIO.readAll(context.resolve(shown), shown: shown, by: "read_json")
        } catch {
            throw Library.fault(error)
        }
    }
}
