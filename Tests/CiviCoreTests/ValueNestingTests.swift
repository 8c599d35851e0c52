import CiviCore
import Testing

@Suite struct ValueNestingTests {
    /// `levels` lists around `inner`, built without recursion.
    func nested(_ levels: Int, _ inner: Value = .int(1)) -> Value {
        var v = inner
        for _ in 0..<levels { v = .list([v]) }
        return v
    }

    @Test func countsLevelsOfListsAndRecords() {
        #expect(Value.int(3).nestingDepth() == 0)
        #expect(Value.string("x").nestingDepth() == 0)
        #expect(Value.list([]).nestingDepth() == 1)
        #expect(Value.record(Record()).nestingDepth() == 1)
        #expect(Value.list([.int(1), .list([.int(2)])]).nestingDepth() == 2)
        let r = Value.record(Record([("a", .list([.record(Record([("b", .int(1))]))]))]))
        #expect(r.nestingDepth() == 3)
        #expect(nested(Value.maxNesting).nestingDepth() == Value.maxNesting)
    }

    @Test func countingStopsPastTheLimit() {
        #expect(nested(50).nestingDepth(limit: 10) == 11)
        #expect(nested(Value.maxNesting + 1).nestingDepth() == Value.maxNesting + 1)
        // The deepest branch last, after wide and shallow ones.
        let wide = Value.list(Array(repeating: nested(3), count: 100) + [nested(20)])
        #expect(wide.nestingDepth(limit: 10) == 11)
        #expect(wide.nestingDepth() == 21)
    }

    @Test func sharedContainersAreCountedOnce() {
        // x = [x, x] sixty times: 2^60 paths, 60 distinct lists; counting must not walk every path.
        var x = Value.list([])
        for _ in 0..<60 { x = .list([x, x]) }
        #expect(x.nestingDepth() == 61)
        var y = Value.list([])
        for _ in 0..<600 { y = .list([y, y]) }
        #expect(y.nestingDepth() == Value.maxNesting + 1)
    }

    @Test func jsonReaderDefaultsToTheSameLimit() throws {
        #expect(JSONReader.Options().maxDepth == Value.maxNesting)
        let deepest = String(repeating: "[", count: Value.maxNesting) + String(repeating: "]", count: Value.maxNesting)
        #expect(try JSONReader.read(deepest).nestingDepth() == Value.maxNesting)
        #expect(throws: JSONError.self) { try JSONReader.read("[" + deepest + "]") }
        // NDJSON lines become items of a list, so each may nest one level less.
        #expect(throws: JSONError.self) { try JSONReader.readLines(Array(deepest.utf8)) }
        let line = String(deepest.dropFirst().dropLast())
        #expect(try Value.list(JSONReader.readLines(Array(line.utf8))).nestingDepth() == Value.maxNesting)
    }
}
