import Testing
@testable import CiviLang

@Suite("len of a string counts characters, on the ASCII fast path too")
struct TextLengthTests {
    @Test("CR LF is one character wherever it falls in the 8-byte words; a lone CR or LF is one")
    func carriageReturns() {
        for prefix in 0..<17 {
            let head = String(repeating: "a", count: prefix)
            for text in [head + "\r\n" + "tail", head + "\r", head + "\r\r\n\n", head + "\n\r", "\r\n" + head + "\r\n"] {
                #expect(TextLength.characters(text) == text.count, "\(text.debugDescription)")
            }
        }
    }

    @Test("random text, ASCII or not, counts as String.count does")
    func agreesWithCount() {
        let alphabet: [Character] = ["a", "Z", " ", "\r", "\n", "\r\n", "\t", "é", "e\u{301}", "名", "👩‍👩‍👧", "\u{7F}", "\0"]
        for _ in 0..<2000 {
            let asciiOnly = Bool.random()
            let pool = asciiOnly ? alphabet.filter(\.isASCII) : alphabet
            let text = String((0..<Int.random(in: 0..<40)).map { _ in pool.randomElement()! })
            #expect(TextLength.characters(text) == text.count, "\(text.debugDescription)")
        }
        // A bridged or small string takes the same answer.
        #expect(TextLength.characters("") == 0)
        #expect(TextLength.characters(String(repeating: "x", count: 100_000) + "\r\n") == 100_001)
    }
}
