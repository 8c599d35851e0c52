/// Makes the opaque ids of records, request ids and API keys.
enum Identifiers {
    static let base62: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `prefix` followed by `count` base62 characters drawn from `rng`.
    static func make<G: RandomNumberGenerator>(_ prefix: String, count: Int = 10, using rng: inout G) -> String {
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + count)
        for _ in 0..<count { bytes.append(base62[Int(rng.next() % 62)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A fresh id from the system generator (for records created through the API).
    static func fresh(_ prefix: String, count: Int = 10) -> String {
        var rng = SystemRandomNumberGenerator()
        return make(prefix, count: count, using: &rng)
    }
}
