import CiviCore

/// What the language does with a stream, whatever its source: read it, preview it, add a lazy
/// stage, describe what reading it asks of the source (`:time`), and take a `where` the source can
/// filter itself. API listings (`QueryStream`) and CSV files read row by row (`CSVStream`) conform;
/// another kind of stream (a planned or journaled one) is one more conformer, and no code outside
/// a conformer names its class.
protocol LazyStream: StreamObject {
    /// This stream with one more lazy stage (its label extends the display name).
    func adding(_ stage: StreamStage) -> any LazyStream
    /// Pulls elements through the stages into `body` until it returns false or the stream ends.
    /// `wantsAll`: every element will be read (the source may read ahead); `onTotal` gets the
    /// source's own total (a listing's `meta.total`) when it has one.
    func forEach(_ ctx: Context, wantsAll: Bool, onTotal: ((Int?) -> Void)?,
                 _ body: (Value) throws -> Bool) throws
    /// The number of elements.
    func count(_ ctx: Context) throws -> Int
    /// The first `limit` elements for display, whether more exist, and the total if known.
    func preview(_ ctx: Context, limit: Int) throws -> StreamPreview
    /// What reading this stream asks of its source, as it stands.
    func describe() -> StreamDescription
    /// This stream with the `.field == value` conjuncts of a `where` also applied by the source,
    /// or nil when the source cannot apply any of them (the `where` still runs here either way).
    func pushingDown(_ equalities: [(field: String, value: Value)]) -> (any LazyStream)?
}

extension LazyStream {
    /// A source that cannot filter takes nothing.
    func pushingDown(_ equalities: [(field: String, value: Value)]) -> (any LazyStream)? { nil }

    /// This stream with one more lazy stage shown as `label`.
    func adding(_ step: StreamStep, _ label: String) -> any LazyStream {
        adding(StreamStage(step: step, label: label))
    }

    /// Counts by reading every element.
    func countByReading(_ ctx: Context) throws -> Int {
        var n = 0
        try forEach(ctx, wantsAll: true, onTotal: nil) { _ in
            n += 1
            return true
        }
        return n
    }

    /// A preview read through the stream itself (one more element than shown, to know if more exist).
    func previewByReading(_ ctx: Context, limit: Int) throws -> StreamPreview {
        let (items, hasMore, _) = try readPreview(ctx, limit: limit)
        return StreamPreview(items: items, hasMore: hasMore, total: hasMore ? nil : items.count)
    }

    /// The first `limit` elements, whether more exist, and the total the source reported (a
    /// listing's `meta.total`), reading one element past the limit.
    func readPreview(_ ctx: Context, limit: Int) throws -> (items: [Value], hasMore: Bool, reported: Int?) {
        var items: [Value] = []
        var hasMore = false
        var reported: Int?
        try adding(.take(limit + 1), "preview \(limit)").forEach(ctx, wantsAll: false, onTotal: { reported = $0 }) { v in
            if items.count == limit {
                hasMore = true
                return false
            }
            items.append(v)
            return true
        }
        return (items, hasMore, reported)
    }
}

extension StreamObject {
    /// This stream's operations. CiviCore's `Value` holds streams as the marker `StreamObject`
    /// (CiviCore cannot name CiviLang's contexts and stages), and every stream value is made by
    /// CiviLang, so this is the one place the marker becomes `LazyStream`; a stream made elsewhere
    /// is an error, not a crash.
    func operations() throws -> any LazyStream {
        guard let stream = self as? any LazyStream else { throw Fault("cannot read the stream \(displayName)") }
        return stream
    }
}
