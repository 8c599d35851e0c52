import CiviCore
import Testing

/// Large arrays are read on two threads (`ParallelArrayReader`); these check the result is the
/// one-pass result: same records in order, same errors at the same places.
@Suite("reading a large JSON array on two threads")
struct ParallelJSONTests {
    /// `count` objects `{"n":i,"state":"CA"|"NY","tags":[...]}` (about 60 bytes each), one per line.
    private func records(_ range: Range<Int>) -> [String] {
        range.map { #"{"n":\#($0),"state":"\#($0 % 3 == 0 ? "CA" : "NY")","tags":["a","b\#($0 % 7)"]}"# }
    }

    private func numbers(_ v: Value) -> [Int] {
        guard case .list(let items) = v else { return [] }
        return items.map { item in
            if case .record(let r) = item, case .int(let n)? = r["n"] { return n }
            return -1
        }
    }

    @Test("records come back whole and in order, the second half read by the helper thread")
    func split() throws {
        let text = "[\n" + records(0..<200_000).joined(separator: ",\n") + "\n]\n"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 8 << 20)
        let v = try JSONReader.read(bytes)
        #expect(numbers(v) == Array(0..<200_000))
        guard case .list(let items) = v, case .record(let first)? = items.first, case .record(let last)? = items.last else {
            Issue.record("not a list of records"); return
        }
        #expect(last["state"] == .string("NY") && last["tags"] == .list([.string("a"), .string("b\(199_999 % 7)")]))
        // Equal keys either way; a shape of the helper's own cache shows the split happened.
        #expect(first.keys == last.keys)
        #expect(first.shape !== last.shape)
    }

    @Test("a `},{` inside a string at the middle is not taken for a boundary")
    func boundaryInsideAString() throws {
        let before = records(0..<40_000).joined(separator: ",")
        let after = records(40_001..<80_000).joined(separator: ",")
        // A string long enough that the middle of the input falls inside it, full of `},{`.
        let trap = #"{"n":40000,"note":""# + String(repeating: "x},{y", count: 1_200_000) + #""}"#
        let bytes = Array(("[" + before + "," + trap + "," + after + "]").utf8)
        #expect(bytes.count > 8 << 20)
        let v = try JSONReader.read(bytes)
        #expect(numbers(v) == Array(0..<80_000))
    }

    @Test("an error in the second half is reported where the one-pass reader reports it")
    func errorAfterTheMiddle() {
        var lines = records(0..<200_000)
        lines[150_000] = #"{"n":150000,"state":CA}"#
        let bytes = Array(("[\n" + lines.joined(separator: ",\n") + "\n]").utf8)
        do {
            _ = try JSONReader.read(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 150_002)
            #expect(error.column == 21)
        }
    }

    @Test("an error in the first half wins over one in the second; content after the array is an error")
    func firstErrorAndTrailingContent() {
        var lines = records(0..<200_000)
        lines[10] = #"{"n":10,,}"#
        lines[190_000] = #"{"n":x}"#
        do {
            _ = try JSONReader.read(Array(("[\n" + lines.joined(separator: ",\n") + "\n]").utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 12)
        }
        let trailing = Array(("[" + records(0..<200_000).joined(separator: ",") + "] x").utf8)
        #expect(throws: JSONError.self) { try JSONReader.read(trailing) }
        let unclosed = Array(("[" + records(0..<200_000).joined(separator: ",")).utf8)
        #expect(throws: JSONError.self) { try JSONReader.read(unclosed) }
    }
}
