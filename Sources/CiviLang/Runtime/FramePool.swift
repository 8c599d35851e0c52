/// Frames of finished calls, kept for the next call of the same size: a call whose frame did not
/// escape (no closure or lazy stream kept it) gives it back, so recursion allocates far less.
/// Only frames without a parent are pooled (functions that reach no enclosing frame).
final class FramePool {
    static let sizes = 8
    static let depth = 32
    private let frames: UnsafeMutablePointer<Unmanaged<Frame>?>
    private let counts: UnsafeMutablePointer<Int>

    init() {
        frames = .allocate(capacity: FramePool.sizes * FramePool.depth)
        frames.initialize(repeating: nil, count: FramePool.sizes * FramePool.depth)
        counts = .allocate(capacity: FramePool.sizes)
        counts.initialize(repeating: 0, count: FramePool.sizes)
    }

    /// Drops every kept frame (called once, when the context goes away).
    func release() {
        for size in 0..<FramePool.sizes {
            for k in 0..<counts[size] { frames[size * FramePool.depth + k]?.release() }
        }
        frames.deallocate()
        counts.deallocate()
    }

    /// A frame of `count` null slots with no parent.
    @inline(__always)
    func take(_ count: Int) -> Frame {
        if count < FramePool.sizes, counts[count] > 0 {
            counts[count] -= 1
            let i = count * FramePool.depth + counts[count]
            if let f = frames[i] {
                frames[i] = nil
                return f.takeRetainedValue()
            }
        }
        return Frame.make(count: count, parent: nil)
    }

    /// Keeps `frame` for reuse if it is not referenced elsewhere and there is room.
    @inline(__always)
    func give(_ frame: inout Frame) {
        let count = frame.count
        guard count < FramePool.sizes, counts[count] < FramePool.depth, isKnownUniquelyReferenced(&frame) else { return }
        frame.clear()
        frames[count * FramePool.depth + counts[count]] = Unmanaged.passRetained(frame)
        counts[count] += 1
    }
}
