import CiviCore
import Testing
@testable import CiviLang

@Suite("JSON round trips through the renderers")
struct LibraryJSONRoundTripTests {
    private func roundTrip(_ rows: [Value], _ format: OutputFormat) throws -> Value {
        let text = try Renderers.render(rows, as: format)
        if format == .ndjson { return .list(try JSONReader.readLines(Array(text.utf8))) }
        return try JSONReader.read(text)
    }

    @Test func valuesComeBackExactly() throws {
        let rows: [Value] = [
            rec(["int": .int(Int.max), "min": .int(Int.min), "neg": -0.0, "f": 2.0, "tiny": 5e-300, "big": 1.5e300]),
            rec(["s": "quote \" backslash \\ tab \t nl \n nul \u{0} emoji 😀 é", "empty": "", "null": nil]),
            rec(["nested": rec(["list": [1, [2, [3]], rec([:])], "t": true]), "created_at": .date(Instant(seconds: 1_700_000_000.125))]),
        ]
        for format in [OutputFormat.json, .ndjson] {
            let back = try roundTrip(rows, format)
            #expect(back == .list(rows), "format \(format)")
        }
    }

    @Test func floatsStayFloatsAndIntsStayInts() throws {
        let back = try roundTrip([rec(["f": 3.0, "i": 3])], .json)
        let r = try #require(back.listValue?.first?.recordValue)
        #expect(r["f"]?.typeName == "float")
        #expect(r["i"]?.typeName == "int")
    }

    @Test func unrepresentableValuesAreNamedErrors() {
        #expect(throws: LibraryError("json: the number nan has no JSON form")) {
            try Renderers.render([.float(.nan)], as: .json)
        }
        #expect(throws: LibraryError("ndjson: the number inf has no JSON form")) {
            try Renderers.render([.float(.infinity)], as: .ndjson)
        }
    }
}
