import Synchronization
/// Request ids: unique within a process, cheap (no system randomness per request).
final class RequestIDs: Sendable {
    private let counter: Mutex<UInt64>

    /// A source starting at a random point, so ids differ between runs.
    init() {
        var rng = SystemRandomNumberGenerator()
        counter = Mutex(rng.next())
    }

    /// The next id: `req_` and 11 base62 characters of a bijective mix of a counter,
    /// so no two requests of one server share an id.
    func next() -> String {
        var value = SplitMix64.mix(counter.withLock { n in
            n &+= 1
            return n
        })
        var bytes: [UInt8] = Array("req_".utf8)
        for _ in 0..<11 {
            bytes.append(Identifiers.base62[Int(value % 62)])
            value /= 62
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
