/// Environments of finished calls, kept for the next call of the same size: a call whose
/// environment did not escape (no closure or lazy stream kept it) gives it back, so recursion
/// allocates far less. Only environments without a parent are pooled (functions that reach no
/// enclosing frame); functions whose variables cannot escape at all use stack slots instead.
final class FramePool {
    static let sizes = 8
    static let depth = 32
    private let envs: UnsafeMutablePointer<Unmanaged<Env>?>
    private let counts: UnsafeMutablePointer<Int>

    init() {
        envs = .allocate(capacity: FramePool.sizes * FramePool.depth)
        envs.initialize(repeating: nil, count: FramePool.sizes * FramePool.depth)
        counts = .allocate(capacity: FramePool.sizes)
        counts.initialize(repeating: 0, count: FramePool.sizes)
    }

    /// Drops every kept environment (called once, when the context goes away).
    func release() {
        for size in 0..<FramePool.sizes {
            for k in 0..<counts[size] { envs[size * FramePool.depth + k]?.release() }
        }
        envs.deallocate()
        counts.deallocate()
    }

    /// An environment of `count` null slots with no parent.
    @inline(__always)
    func take(_ count: Int) -> Env {
        if count < FramePool.sizes, counts[count] > 0 {
            counts[count] -= 1
            let i = count * FramePool.depth + counts[count]
            if let e = envs[i] {
                envs[i] = nil
                return e.takeRetainedValue()
            }
        }
        return Env.make(count: count, parent: nil)
    }

    /// Keeps `env` for reuse if it is not referenced elsewhere and there is room.
    @inline(__always)
    func give(_ env: inout Env) {
        let count = env.count
        guard count < FramePool.sizes, counts[count] < FramePool.depth, isKnownUniquelyReferenced(&env) else { return }
        env.clear()
        envs[count * FramePool.depth + counts[count]] = Unmanaged.passRetained(env)
        counts[count] += 1
    }
}
