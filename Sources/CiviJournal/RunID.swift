/// Run ids: `r_` and eight random lower-case letters and digits (short enough to type).
enum RunID {
    private static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    /// A fresh id.
    static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        return "r_" + String((0..<8).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }
}
