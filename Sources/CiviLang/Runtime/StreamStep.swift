import CiviCore

/// A lazy stage of a stream, applied to each element as it arrives.
enum StreamStep {
    case filter(ElementFn)
    case map(ElementFn)
    case take(Int)
    case skip(Int)
}

/// A lazy stage with the name it is shown by (`where`, `select`, `take 3`) in a stream's display
/// name and in its description for `:time`.
struct StreamStage {
    let step: StreamStep
    let label: String
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

    init(_ stages: [StreamStage]) {
        steps = stages.map(\.step)
        counters = [Int](repeating: 0, count: stages.count)
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
