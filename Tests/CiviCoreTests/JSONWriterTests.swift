import CiviCore
import Testing

@Suite struct JSONWriterTests {
    @Test func roundTrip() throws {
        let text = #"{"a":[1,2.5,"x\"y\n",null,true],"b":{"c":{}},"d":[],"e_at":"2026-01-02T03:04:05Z"}"#
        let v = try JSONReader.read(text)
        #expect(try JSONWriter.string(v) == text)
        #expect(try JSONReader.read(try JSONWriter.encode(v)) == v)
    }

    @Test func floatsStayFloats() throws {
        #expect(try JSONWriter.string(.float(2)) == "2.0")
        #expect(try JSONReader.read(try JSONWriter.string(.float(2))) == .float(2))
    }

    @Test func controlCharactersAreEscaped() throws {
        #expect(try JSONWriter.string(.string("\u{01}")) == #""\u0001""#)
    }

    @Test func pretty() throws {
        let v = Value.record(Record([("a", .list([.int(1)]))]))
        #expect(try JSONWriter.string(v, options: .init(pretty: true)) == "{\n  \"a\": [\n    1\n  ]\n}")
    }

    @Test func unrepresentableValuesAreErrors() {
        #expect(throws: JSONWriter.Unrepresentable.self) { try JSONWriter.encode(.float(.infinity)) }
    }
}
