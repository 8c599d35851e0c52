import CiviCore

/// The array in a JSON file as a stream: `read_json(path)` heading a pipeline that consumes it
/// (see `JSONStreamPlan`). Items are parsed one at a time and run through the lazy stages, so a
/// record a `where` drops is freed at once, and objects keep only `fields` when the stages read
/// no others. The bytes were read when the pipeline started, as `read_json` reads them.
final class JSONFileStream: LazyStream, @unchecked Sendable {
    let bytes: [UInt8]
    let fields: [String]?
    let shown: String
    let stages: [StreamStage]
    let displayName: String

    init(bytes: [UInt8], fields: [String]?, shown: String, stages: [StreamStage] = [], displayName: String? = nil) {
        self.bytes = bytes
        self.fields = fields
        self.shown = shown
        self.stages = stages
        self.displayName = displayName ?? Self.source(shown)
    }

    /// `read_json("people.json")`: the call that made the stream.
    private static func source(_ shown: String) -> String { "read_json(\(ValueFormat.quote(shown)))" }

    func adding(_ stage: StreamStage) -> any LazyStream {
        JSONFileStream(bytes: bytes, fields: fields, shown: shown, stages: stages + [stage],
                       displayName: "\(displayName) | \(stage.label)")
    }

    /// This stream with the errors of its last stage located at `range`, where the same stage
    /// over a list reports them.
    func locatingLastStage(_ range: SourceRange, _ source: SourceFile) -> JSONFileStream {
        guard let last = stages.last else { return self }
        let step: StreamStep = switch last.step {
        case .filter(let f): .filter { ctx, v in try at(range, source) { try f(ctx, v) } }
        case .map(let f): .map { ctx, v in try at(range, source) { try f(ctx, v) } }
        case .take, .skip: last.step
        }
        return JSONFileStream(bytes: bytes, fields: fields, shown: shown,
                              stages: stages.dropLast() + [StreamStage(step: step, label: last.label)], displayName: displayName)
    }

    /// Parses the items through the stages into `body`; a `JSONError` is thrown as it is (the
    /// pipeline then reads the file as a list, which reports it).
    func forEach(_ ctx: Context, wantsAll: Bool, onTotal: ((Int?) -> Void)?,
                 _ body: (Value) throws -> Bool) throws {
        var runner = StepRunner(stages)
        try JSONArrayElements.forEach(bytes, fields: fields) { item in
            try ctx.tick()
            switch try runner.run(ctx, item) {
            case .dropped: return true
            case .finished: return false
            case .passed(let v, let last): return try body(v) && !last
            }
        }
    }

    func count(_ ctx: Context) throws -> Int { try countByReading(ctx) }

    func preview(_ ctx: Context, limit: Int) throws -> StreamPreview { try previewByReading(ctx, limit: limit) }

    /// The file's bytes are parsed from the start each time; every stage runs here.
    func describe() -> StreamDescription { StreamDescription(source: Self.source(shown), stages: stages.map(\.label)) }
}
