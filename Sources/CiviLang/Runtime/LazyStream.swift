import CiviCore

/// A lazy stage of a stream, applied to each element as it arrives.
enum StreamStep {
    case filter(ElementFn)
    case map(ElementFn)
    case take(Int)
    case skip(Int)
}

/// A stream whose `where`/`map`/`select`/`take`/`skip` stay lazy: API listings (`QueryStream`)
/// and CSV files read row by row (`CSVStream`). Stages, `for`, `count` and the shell's preview
/// work with any of them.
protocol LazyStream: StreamObject {
    /// The interpreter the stream's stage functions run in.
    var runtime: Runtime { get }
    /// This stream with one more lazy stage (`label` extends the display name).
    func adding(_ step: StreamStep, _ label: String) -> any LazyStream
    /// Pulls elements through the stages into `body` until it returns false or the stream ends.
    func forEach(_ ctx: Context, wantsAll: Bool, onTotal: ((Int?) -> Void)?,
                 _ body: (Value) throws -> Bool) throws
    /// The number of elements.
    func count(_ ctx: Context) throws -> Int
    /// The first `limit` elements for display, whether more exist, and the total if known.
    func preview(limit: Int) throws -> (items: [Value], hasMore: Bool, total: Int?)
}

extension LazyStream {
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
    func previewByReading(limit: Int) throws -> (items: [Value], hasMore: Bool, total: Int?) {
        let (items, hasMore, _) = try readPreview(limit: limit)
        return (items, hasMore, hasMore ? nil : items.count)
    }

    /// The first `limit` elements, whether more exist, and the total the source reported (a
    /// listing's `meta.total`), reading one element past the limit.
    func readPreview(limit: Int) throws -> (items: [Value], hasMore: Bool, reported: Int?) {
        let ctx = Context(runtime: runtime)
        var items: [Value] = []
        var hasMore = false
        var reported: Int?
        do {
            try adding(.take(limit + 1), "preview").forEach(ctx, wantsAll: false, onTotal: { reported = $0 }) { v in
                if items.count == limit {
                    hasMore = true
                    return false
                }
                items.append(v)
                return true
            }
        } catch let f as Fault {
            throw f.diagnostic
        }
        return (items, hasMore, reported)
    }
}

/// A stream's stages run over one element at a time, keeping the counts `take` and `skip` need.
struct StepRunner {
    /// What became of one element.
    enum Outcome {
        /// Filtered out or skipped.
        case dropped
        /// Passed every stage as this value; `last` when a `take` is now full.
        case passed(Value, last: Bool)
        /// A `take` was already full: the stream is done.
        case finished
    }

    private let steps: [StreamStep]
    private var counters: [Int]

    init(_ steps: [StreamStep]) {
        self.steps = steps
        counters = [Int](repeating: 0, count: steps.count)
    }

    /// Runs `element` through the stages.
    @inline(__always)
    mutating func run(_ ctx: Context, _ element: Value) throws -> Outcome {
        var v = element
        var last = false
        for i in steps.indices {
            switch steps[i] {
            case .filter(let p): if !(try p(ctx, v).isTruthy) { return .dropped }
            case .map(let f): v = try f(ctx, v)
            case .skip(let n):
                counters[i] += 1
                if counters[i] <= n { return .dropped }
            case .take(let n):
                if counters[i] >= n { return .finished }
                counters[i] += 1
                if counters[i] == n { last = true }
            }
        }
        return .passed(v, last: last)
    }
}
