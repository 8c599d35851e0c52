import CiviCore
import Foundation
import Testing

@Suite("reading text: UTF-8 validation and WholeFile.readText")
struct TextReadingTests {
    /// Every sequence class of RFC 3629 at the edges, valid and not, agreeing with the standard library.
    @Test("UTF8Validation agrees with String(validating:) on edge cases and random bytes")
    func validation() {
        let cases: [[UInt8]] = [
            [], Array("plain ascii, longer than one word".utf8), Array("héllo wörld — ✓ 𝄞".utf8),
            [0xC2, 0x80], [0xC1, 0xBF], [0xC0, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80],
            [0xE2, 0x9C], Array("12345678".utf8) + [0xE2, 0x9C], [0x61, 0xC3, 0x28, 0x62], [0xE2, 0x28, 0xA1],
        ]
        var generator = SystemRandomNumberGenerator()
        var random: [[UInt8]] = []
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<24, using: &generator)
            // Mostly ASCII with a few high bytes, so both the word loop and the sequence checks run.
            random.append((0..<n).map { _ in Bool.random() ? UInt8.random(in: 0x20...0x7E) : UInt8.random(in: 0x80...0xFF) })
        }
        for bytes in cases + random {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBufferPointer(UTF8Validation.isValid) == expected, "\(bytes)")
        }
    }

    @Test("readText returns a big file intact, refuses bytes that are not UTF-8, and reads what has no size")
    func readText() throws {
        let root = NSTemporaryDirectory() + "civi-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Over 4 MB, so the huge-page advice runs, with characters of every width throughout.
        let line = "id,名前,é,𝄞,plain text\r\n"
        let text = String(repeating: line, count: 200_000)
        try WholeFile.write(Array(text.utf8), to: root + "/big.txt")
        #expect(try WholeFile.readText(path: root + "/big.txt", allowSpecial: false) == text)
        try WholeFile.write([0x61, 0x62, 0xFF, 0x63], to: root + "/bad.txt")
        #expect(try WholeFile.readText(path: root + "/bad.txt", allowSpecial: false) == nil)
        try WholeFile.write([UInt8](), to: root + "/empty.txt")
        #expect(try WholeFile.readText(path: root + "/empty.txt", allowSpecial: false) == "")
        #expect(throws: WholeFile.Failure.system(ENOENT)) { try WholeFile.readText(path: root + "/missing", allowSpecial: false) }
        #expect(throws: WholeFile.Failure.notRegular(kind: "a character device")) {
            try WholeFile.readText(path: "/dev/null", allowSpecial: false)
        }
        #expect(try WholeFile.readText(path: "/dev/null", allowSpecial: true) == "")
    }
}
