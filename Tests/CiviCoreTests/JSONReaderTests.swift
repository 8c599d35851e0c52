import CiviCore
import Testing

@Suite struct JSONReaderTests {
    @Test func scalars() throws {
        #expect(try JSONReader.read("null") == .null)
        #expect(try JSONReader.read(" true ") == .bool(true))
        #expect(try JSONReader.read("-12") == .int(-12))
        #expect(try JSONReader.read("9223372036854775807") == .int(Int.max))
        #expect(try JSONReader.read("-9223372036854775808") == .int(Int.min))
        #expect(try JSONReader.read("9223372036854775808") == .float(9223372036854775808.0))
        #expect(try JSONReader.read("2.5e3") == .float(2500))
        #expect(try JSONReader.read(#""a\"b\\c\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c\né😀"))
    }

    @Test func recordsKeepOrderAndShareShapes() throws {
        let v = try JSONReader.read(#"[{"b":1,"a":2},{"b":3,"a":4}]"#)
        guard case .list(let items) = v, case .record(let r0) = items[0], case .record(let r1) = items[1] else {
            Issue.record("expected a list of records")
            return
        }
        #expect(r0.keys == ["b", "a"])
        #expect(r0.shape === r1.shape)
        #expect(r1["a"] == .int(4))
    }

    @Test func timestampsUnderAtKeysBecomeDates() throws {
        let v = try JSONReader.read(#"{"created_at":"2026-11-28T15:04:05Z","name_at":"nope","other":"2026-11-28T15:04:05Z"}"#)
        let r = try #require(v.recordValue)
        #expect(r["created_at"] == .date(Instant(iso8601: "2026-11-28T15:04:05Z")!))
        #expect(r["name_at"] == .string("nope"))
        #expect(r["other"] == .string("2026-11-28T15:04:05Z"))
        let raw = try JSONReader.read(#"{"created_at":"2026-11-28T15:04:05Z"}"#, options: .init(convertDates: false))
        #expect(raw.recordValue?["created_at"] == .string("2026-11-28T15:04:05Z"))
    }

    @Test func resourceTagging() throws {
        let v = try JSONReader.read(Array(#"{"id":"adv_1"}"#.utf8), options: .init(resource: "advocates"))
        #expect(v.recordValue?.resource == "advocates")
    }

    @Test(arguments: [
        ("", "unexpected end of JSON input"),
        ("[1,", "unexpected end of JSON input"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1 2]", "expected ',' or ']'"),
        ("\"abc", "unterminated string"),
        ("tru", "unexpected end of JSON input"),
        ("<html>", "unexpected character '<'"),
        ("1 2", "unexpected content after the JSON value"),
        ("\"\\x\"", "invalid escape"),
    ])
    func errorsSayWhatAndWhere(input: String, message: String) {
        do {
            _ = try JSONReader.read(input)
            Issue.record("expected an error for \(input)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func errorPositionIsLineAndColumn() {
        do {
            _ = try JSONReader.read("{\n  \"a\": x\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError.self) { try JSONReader.read(deep) }
    }

    @Test func ndjson() throws {
        let lines = try JSONReader.readLines(Array("{\"a\":1}\n\n{\"a\":2}\n".utf8))
        #expect(lines.count == 2)
        #expect(lines[1].recordValue?["a"] == .int(2))
    }
}
