import CiviCore
import Testing

/// `JSONArrayElements` reads an array item by item, optionally keeping only some fields; these
/// check it agrees with `JSONReader.read` on tricky input: same items, same fields, same errors
/// at the same places.
@Suite("reading a JSON array one item at a time")
struct JSONArrayElementsTests {
    /// Nested values, escapes in keys and strings, a repeated key, numbers of every form, dates,
    /// an empty object, items that are not objects, and a key canonically equal to `Key`.
    static let tricky = #"""
     [ {"name":"a","state":"CA","opt":true,"n":1,"nested":{"x":[1,{"y":"z"}]},"created_at":"2024-01-02T03:04:05Z"},
      {"name":"b\"q\\","st\u0061te":"NY","opt":false,"n":2.5e0,"state":"CA","n":-0.0},
      {"name":"c","n":-3,"tags":["\u00e9","\ud83d\ude00"],"big":10000000000000000000000,"updated_at":"not a date"},
      {},
      {"name":"d","state":null,"opt":true,"n":1E-2,"\u212Aey":"kelvin"},
      7, "x", [1, {"state":"CA"}], null
     ]
    """#

    private func items(_ text: String, fields: [String]?, stopAfter: Int = .max) throws -> [Value] {
        var out: [Value] = []
        try JSONArrayElements.forEach(Array(text.utf8), fields: fields) { v in
            out.append(v)
            return out.count < stopAfter
        }
        return out
    }

    private func whole(_ text: String) throws -> [Value] {
        guard case .list(let xs) = try JSONReader.read(text) else { return [] }
        return xs
    }

    @Test("without fields, the items are exactly the list's")
    func allFields() throws {
        #expect(try items(Self.tricky, fields: nil) == whole(Self.tricky))
        #expect(try items("[]", fields: nil).isEmpty)
        #expect(try items(" [ ] \n", fields: ["a"]).isEmpty)
    }

    @Test("with fields, each object keeps exactly the listed fields it has, with the list's values")
    func someFields() throws {
        let fields = ["state", "n", "created_at", "updated_at", "Key", "missing"]
        let picked = try items(Self.tricky, fields: fields)
        let full = try whole(Self.tricky)
        #expect(picked.count == full.count)
        for (p, f) in zip(picked, full) {
            guard case .record(let pr) = p, case .record(let fr) = f else {
                #expect(p == f, "a non-object item is read whole")
                continue
            }
            for name in fields { #expect(pr[name] == fr[name], "\(name) of \(fr)") }
            #expect(pr.count == fields.filter { fr[$0] != nil }.count, "no other fields in \(pr)")
        }
        // The repeated keys: the last value wins, as in the list.
        guard case .record(let second) = picked[1] else { Issue.record("not a record"); return }
        #expect(second["state"] == .string("CA") && second["n"] == .float(-0.0))
        guard case .record(let first) = picked[0], case .date? = first["created_at"] else {
            Issue.record("a timestamp under an `_at` key is a date"); return
        }
    }

    /// Documents that are wrong somewhere: inside a skipped field, between items, at the very end.
    static let broken = [
        #"[{"a":1,"b":"bad \q escape"}]"#,
        #"[{"a":1,"b":tru}]"#,
        #"[{"a":1,"b":[1,2}]"#,
        #"[{"a":1,"b":{"c" 1}}]"#,
        #"[{"a":1,"b":{c:1}}]"#,
        #"[{"a":1,"b":-}]"#,
        #"[{"a":1,"b":1.}]"#,
        "[{\"a\":1,\"b\":\"tab\tinside\"}]",
        #"[{"a":1,}]"#,
        #"[{"a":1} {"a":2}]"#,
        #"[{"a":1},]"#,
        #"[{"a":1},{"a":2}"#,
        #"[{"a":1},{"a":2}] trailing"#,
        #"[{"a":1},{"a":2,"b":"unterminated}]"#,
        "[{\"a\":1},\n{\"a\":2},\n{\"a\":3,\"b\":[[[\n",
    ]

    @Test("bad JSON is the list's error at the same line and column, with or without fields", arguments: broken)
    func errors(text: String) throws {
        var expected: JSONError?
        do { _ = try JSONReader.read(text) } catch { expected = error }
        guard let expected else { Issue.record("\(text) should not parse"); return }
        for fields in [nil, ["a"], ["b"]] as [[String]?] {
            do {
                _ = try items(text, fields: fields)
                Issue.record("\(text) with \(String(describing: fields)) read without an error")
            } catch let error as JSONError {
                #expect(error.description == expected.description && error.offset == expected.offset, "\(text)")
            }
        }
    }

    @Test("stopping early still checks the rest of the document")
    func stopEarly() throws {
        #expect(try items(#"[{"a":1},{"a":2},{"a":3}]"#, fields: ["a"], stopAfter: 1) == [.record(Record([("a", .int(1))]))])
        #expect(throws: JSONError.self) { try items(#"[{"a":1},{"a":2},{"a":3}"#, fields: ["a"], stopAfter: 1) }
        #expect(throws: JSONError.self) { try items(#"[{"a":1},{"a":2,"b":[}]"#, fields: nil, stopAfter: 1) }
    }

    @Test("a skipped value nested past the skip limit is an error the caller answers by reading whole")
    func deepSkippedValue() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let text = #"[{"a":1,"b":"# + deep + "}]"
        #expect(try whole(text).count == 1, "the list reader takes it")
        #expect(throws: JSONError.self) { try items(text, fields: ["a"]) }
        #expect(try items(text, fields: nil).count == 1, "read whole, it is fine")
    }

    @Test func onlyAnArrayIsStreamed() {
        #expect(JSONArrayElements.isArray(Array(" \n[1]".utf8)))
        #expect(!JSONArrayElements.isArray(Array(#"{"a":[1]}"#.utf8)))
        #expect(!JSONArrayElements.isArray([]))
    }
}
