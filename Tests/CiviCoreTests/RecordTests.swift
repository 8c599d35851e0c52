import CiviCore
import Testing

@Suite struct RecordTests {
    @Test func valueSemantics() {
        let a = Record([("first_name", .string("Ada"))], resource: "advocates")
        var b = a
        b.set("first_name", .string("Grace"))
        b.set("tags", .list([]))
        #expect(a["first_name"] == .string("Ada"))
        #expect(b.keys == ["first_name", "tags"])
        #expect(b.resource == "advocates")
    }

    @Test func equalityIgnoresKeyOrderAndResource() {
        let a = Record([("a", .int(1)), ("b", .int(2))], resource: "advocates")
        let b = Record([("b", .int(2)), ("a", .int(1))])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Value.int(1) == Value.float(1.0))
        #expect(Value.int(1).hashValue == Value.float(1.0).hashValue)
    }

    @Test func mergeRightWins() {
        let m = Record([("a", .int(1))]).merging(Record([("b", .int(2)), ("a", .int(3))]))
        #expect(m.keys == ["a", "b"])
        #expect(m["a"] == .int(3))
    }

    @Test func removeKeepsOrder() {
        var r = Record([("a", .int(1)), ("b", .int(2)), ("c", .int(3))])
        r.remove("b")
        #expect(r.keys == ["a", "c"])
        #expect(r["c"] == .int(3))
    }
}

@Suite struct RecordGrowthTests {
    @Test func buildingALargeRecordKeepsEarlierCopiesIntact() {
        var r = Record()
        var snapshot = Record()
        for i in 0..<20_000 {
            r.set("k\(i)", .int(i))
            if i == 10 { snapshot = r }
        }
        #expect(r.count == 20_000)
        #expect(r["k19999"] == .int(19_999))
        #expect(snapshot.count == 11, "a copy taken earlier must not see later keys")
        #expect(snapshot["k11"] == nil)
    }
}
