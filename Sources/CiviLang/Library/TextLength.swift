/// The length of a string in characters (grapheme clusters), as `len` reports it.
enum TextLength {
    /// `s.count`, without walking grapheme clusters when the text is ASCII: there every byte is a
    /// character except the LF of a CR LF pair, which joins its CR. A 79 MB file then takes one
    /// pass over its bytes instead of a grapheme break check per character.
    static func characters(_ s: String) -> Int {
        let ascii: Int?? = s.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            var crlf = 0
            var i = 0
            let n = bytes.count
            while i < n {
                if i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { return nil }
                    // No CR (0x0D) in the word: nothing to pair (the high-bit test above rules out 0x8D).
                    let x = word ^ 0x0D0D_0D0D_0D0D_0D0D
                    if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let b = base[i]
                if b >= 0x80 { return nil }
                if b == 0x0D, i + 1 < n, base[i + 1] == 0x0A { crlf += 1 }
                i += 1
            }
            return n - crlf
        }
        if case .some(.some(let count)) = ascii { return count }
        return s.count
    }
}
