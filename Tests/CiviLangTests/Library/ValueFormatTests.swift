import CiviCore
import Testing
@testable import CiviLang

@Suite("Formatting values")
struct LibraryValueFormatTests {
    @Test func scalars() {
        #expect(ValueFormat.str("Ada") == "Ada")
        #expect(ValueFormat.repr("Ada") == "\"Ada\"")
        #expect(ValueFormat.str(nil) == "null")
        #expect(ValueFormat.str(true) == "true")
        #expect(ValueFormat.str(-42) == "-42")
        #expect(ValueFormat.str(.date(Instant(seconds: 1.25))) == "1970-01-01T00:00:01.250Z")
    }

    @Test func floatsPrintShortestRoundTrip() {
        #expect(ValueFormat.str(3.5) == "3.5")
        #expect(ValueFormat.str(2.0) == "2.0")
        #expect(ValueFormat.str(0.1) == "0.1")
        #expect(ValueFormat.str(1e20) == "1e+20")
        #expect(ValueFormat.str(1e15) == "1000000000000000.0")
        #expect(ValueFormat.str(1e16) == "1e+16")
        #expect(ValueFormat.str(0.0001) == "0.0001")
        #expect(ValueFormat.str(0.00001) == "1e-05")
        #expect(ValueFormat.str(-0.0) == "-0.0")
        #expect(ValueFormat.str(.float(.infinity)) == "inf")
        #expect(ValueFormat.str(.float(-.infinity)) == "-inf")
        #expect(ValueFormat.str(.float(.nan)) == "nan")
        for d in [0.1 + 0.2, 1.0 / 3.0, 123_456.789, Double.leastNonzeroMagnitude] {
            #expect(Double(ValueFormat.float(d)) == d)
        }
    }

    @Test func listsAndRecordsUseLiteralSyntax() {
        let a = rec(["first_name": "Ada", "tags": ["vip"], "odd key": 1, "if": nil, "n2": 2.0])
        #expect(ValueFormat.str(a) == "{first_name: \"Ada\", tags: [\"vip\"], \"odd key\": 1, \"if\": null, n2: 2.0}")
        #expect(ValueFormat.repr([]) == "[]")
        #expect(ValueFormat.repr(rec([:])) == "{}")
        #expect(ValueFormat.str(["a", [1, nil]]) == "[\"a\", [1, null]]")
    }

    @Test func stringEscapes() {
        #expect(ValueFormat.quote("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"")
        #expect(ValueFormat.quote("a\\b\tc") == "\"a\\\\b\\tc\"")
        #expect(ValueFormat.quote("${x} costs $5") == "\"\\${x} costs $5\"")
        #expect(ValueFormat.quote("\u{1}") == "\"\\u{1}\"")
        #expect(ValueFormat.quote("é😀") == "\"é😀\"")
    }

    @Test func identifiers() {
        #expect(ValueFormat.isIdentifier("first_name"))
        #expect(ValueFormat.isIdentifier("_x9"))
        #expect(!ValueFormat.isIdentifier("9x"))
        #expect(!ValueFormat.isIdentifier(""))
        #expect(!ValueFormat.isIdentifier("a-b"))
        #expect(!ValueFormat.isIdentifier("né"))
        #expect(!ValueFormat.isIdentifier("null"))
    }
}
