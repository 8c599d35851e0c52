import CiviCore
import Testing
@testable import CiviLang

@Suite("Ordering values")
struct LibraryValueOrderTests {
    @Test func typesOrderAsJqWithDatesBetweenNumbersAndStrings() {
        let ordered: [Value] = [nil, false, true, -1, 2.5, 3, .date(Instant(seconds: 0)), "", "a", [], [1], rec([:]), rec(["a": 1])]
        for (i, a) in ordered.enumerated() {
            for (j, b) in ordered.enumerated() {
                let expected = i < j ? -1 : (i == j ? 0 : 1)
                #expect(ValueOrder.compare(a, b) == expected, "\(ValueFormat.repr(a)) vs \(ValueFormat.repr(b))")
            }
        }
    }

    @Test func intsAndFloatsCompareExactly() {
        #expect(ValueOrder.compare(1, 1.0) == 0)
        #expect(ValueOrder.compare(1, 1.5) == -1)
        #expect(ValueOrder.compare(-2, -1.5) == -1)
        #expect(ValueOrder.compare(.int(Int.max), 9.3e18) == -1)
        #expect(ValueOrder.compare(.int(Int.max - 1), .float(9_223_372_036_854_775_807.0)) == -1)
        #expect(ValueOrder.compare(.int(Int.min), -9.3e18) == 1)
        #expect(ValueOrder.compare(.float(.nan), .int(Int.min)) == -1)
        #expect(ValueOrder.compare(.float(.nan), .float(.nan)) == 0)
    }

    @Test func stringsOrderByCodePointLikeSQLiteBinary() {
        #expect(ValueOrder.compare("B", "a") == -1)
        #expect(ValueOrder.compare("a", "ab") == -1)
        #expect(ValueOrder.compare("z", "é") == -1)
        #expect(ValueOrder.compare("\u{FFFD}", "😀") == -1)
        // Swift's own < would call these equal (canonical equivalence); code points do not.
        #expect(ValueOrder.compare("e\u{301}", "\u{E9}") == -1)
    }

    @Test func listsAreLexicographic() {
        #expect(ValueOrder.compare([1, 2], [1, 3]) == -1)
        #expect(ValueOrder.compare([1, 2], [1]) == 1)
        #expect(ValueOrder.compare([nil], [false]) == -1)
    }

    @Test func recordsCompareSortedKeysThenValues() {
        #expect(ValueOrder.compare(rec(["a": 2]), rec(["b": 1])) == -1)
        #expect(ValueOrder.compare(rec(["b": 1, "a": 1]), rec(["a": 1, "b": 2])) == -1)
        #expect(ValueOrder.compare(rec(["b": 1, "a": 1]), rec(["a": 1, "b": 1])) == 0)
        #expect(ValueOrder.compare(rec(["a": 1]), rec(["a": 1, "b": 0])) == -1)
    }

    @Test func sortingAMixedListIsTotal() {
        let mixed: [Value] = ["b", 2, nil, [1], true, 1.5, rec(["k": 1]), "a", false, .date(Instant(seconds: 9))]
        let sorted = mixed.sorted(by: ValueOrder.precedes)
        #expect(sorted == [nil, false, true, 1.5, 2, .date(Instant(seconds: 9)), "a", "b", [1], rec(["k": 1])])
    }
}
