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

    @Test func numbersTooLargeForADoubleAreAnError() throws {
        for (input, column) in [("1e400", 1), ("-1e400", 1), ("[1, 2e999]", 5), ("{\"a\": 123456789e305}", 7)] {
            do {
                _ = try JSONReader.read(input)
                Issue.record("expected an error for \(input)")
            } catch {
                #expect(error.message == "number out of range", "\(error)")
                #expect(error.line == 1 && error.column == column, "\(input): \(error)")
            }
        }
        #expect(try JSONReader.read("1e-400") == .float(0))
        #expect(try JSONReader.read("1.7976931348623157e308") == .float(.greatestFiniteMagnitude))
    }

    @Test func floatsRoundLikeTheGeneralConversion() throws {
        for text in ["0.1", "-0.0", "1e22", "1e23", "9007199254740993.0", "123.456e-5", "5e-324", "0.30000000000000004",
                     "3.141592653589793238462643", "1234567890.0987654321", "2.2250738585072014e-308", "1E+2"] {
            guard case .float(let d) = try JSONReader.read(text) else {
                Issue.record("expected a float for \(text)")
                continue
            }
            #expect(d.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    @Test func escapedAndPlainKeysShareAShape() throws {
        let v = try JSONReader.read(#"[{"a":1,"b_at":"2026-11-28T15:04:05Z"},{"\u0061":2,"b\u005fat":"2026-11-28T15:04:05\u005A"}]"#)
        let items = try #require(v.listValue)
        let r0 = try #require(items[0].recordValue)
        let r1 = try #require(items[1].recordValue)
        #expect(r1.keys == ["a", "b_at"])
        #expect(r0.shape === r1.shape)
        #expect(r1["b_at"] == .date(Instant(iso8601: "2026-11-28T15:04:05Z")!))
    }

    @Test func recordsOfDifferentKeysInOneList() throws {
        let shapes = ShapeCache()
        let v = try JSONReader.read(Array(#"[{"a":1,"b":2},{"a":1},{"a":3,"b":4},{"b":5,"a":6},{}]"#.utf8), shapes: shapes)
        let r = try #require(v.listValue).map { $0.recordValue! }
        #expect(r.map(\.keys) == [["a", "b"], ["a"], ["a", "b"], ["b", "a"], []])
        #expect(r[0].shape === r[2].shape)
        #expect(r[0].shape !== r[3].shape)
        // A later read through the same cache gets the same shapes.
        let again = try JSONReader.read(Array(#"{"a":7,"b":8}"#.utf8), shapes: shapes)
        #expect(again.recordValue?.shape === r[0].shape)
        #expect(again.recordValue?["b"] == .int(8))
    }

    @Test func duplicateKeysLastWins() throws {
        let v = try JSONReader.read(#"[{"a":1,"b":2,"a":3},{"a":4,"b":5,"a":6},{"a":7,"b":8}]"#)
        let r = try #require(v.listValue).map { $0.recordValue! }
        #expect(r[0].keys == ["a", "b"])
        #expect(r[0]["a"] == .int(3))
        #expect(r[1]["a"] == .int(6))
        #expect(r[2].keys == ["a", "b"])
        #expect(r[2]["a"] == .int(7))
    }

    @Test func repeatedValuesReadBackExactly() throws {
        let v = try JSONReader.read(#"[{"c":"US","n":"exactly15bytes!"},{"c":"US","n":"exactly15bytes!"},{"c":"UK","n":"exactly15bytes?"},{"c":"US","n":""},{"c":"U\u0053","n":"é"}]"#)
        let r = try #require(v.listValue).map { $0.recordValue! }
        #expect(r.map { $0["c"]! } == [.string("US"), .string("US"), .string("UK"), .string("US"), .string("US")])
        #expect(r.map { $0["n"]! } == [.string("exactly15bytes!"), .string("exactly15bytes!"), .string("exactly15bytes?"), .string(""), .string("é")])
    }

    @Test func manyDistinctKeys() throws {
        // More keys than the shape cache's key tree keeps per step, as in an object used as a map.
        let shapes = ShapeCache()
        let wide = "{" + (0..<300).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        let list = "[" + (0..<300).map { "{\"m\($0)\":\($0),\"x\":1}" }.joined(separator: ",") + "]"
        for _ in 0..<2 {
            let w = try #require(JSONReader.read(Array(wide.utf8), shapes: shapes).recordValue)
            #expect(w.keys == (0..<300).map { "k\($0)" })
            #expect(w["k299"] == .int(299))
            let items = try #require(JSONReader.read(Array(list.utf8), shapes: shapes).listValue).map { $0.recordValue! }
            #expect(items[250].keys == ["m250", "x"])
            #expect(items[250]["m250"] == .int(250))
        }
        let a = try JSONReader.read(Array(#"{"m299":0,"x":1}"#.utf8), shapes: shapes)
        let b = try JSONReader.read(Array(#"{"m299":2,"x":3}"#.utf8), shapes: shapes)
        #expect(a.recordValue?.shape === b.recordValue?.shape)
    }

    @Test func stringEdgeCases() throws {
        #expect(try JSONReader.read(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try JSONReader.read(#""\udc00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONReader.read(#""\u00e9\u20ac\u0000""#) == .string("é€\u{0}"))
        #expect(try JSONReader.read("\"caf\u{E9} and a longer tail past eight\"") == .string("café and a longer tail past eight"))
        #expect(try JSONReader.read([0x22, 0x61, 0xFF, 0x22]) == .string("a\u{FFFD}"))
        do {
            _ = try JSONReader.read("[\"abcdefghij\u{1}\"]")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "control character in a string")
            #expect(error.column == 13)
        }
        do {
            _ = try JSONReader.read("{\"a\":1,\"abcdefghijkl")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "unterminated string")
            #expect(error.column == 8)
        }
    }

    @Test func ndjson() throws {
        let lines = try JSONReader.readLines(Array("{\"a\":1}\n\n{\"a\":2}\n".utf8))
        #expect(lines.count == 2)
        #expect(lines[1].recordValue?["a"] == .int(2))
    }
}
