import CiviCore
import Testing
@testable import CiviLang

@Suite("Output formats and save")
struct LibraryRenderersTests {
    let rows: [Value] = [rec(["id": 1, "name": "a,b"]), rec(["id": 2, "when": .date(Instant(seconds: 0))])]

    @Test func eachFormat() throws {
        #expect(try Renderers.render(rows, as: .json) == """
        [
          {
            "id": 1,
            "name": "a,b"
          },
          {
            "id": 2,
            "when": "1970-01-01T00:00:00Z"
          }
        ]
        """)
        #expect(try Renderers.render(rows, as: .ndjson) == "{\"id\":1,\"name\":\"a,b\"}\n{\"id\":2,\"when\":\"1970-01-01T00:00:00Z\"}")
        #expect(try Renderers.render(rows, as: .csv) == "id,name,when\n1,\"a,b\",\n2,,1970-01-01T00:00:00Z")
        #expect(try Renderers.render(rows, as: .table).hasSuffix("\n(2 rows)"))
        #expect(try Renderers.render([], as: .json) == "[]")
        #expect(try Renderers.render([], as: .csv) == "")
    }

    @Test func saveChoosesTheFormatByExtension() throws {
        let dir = ScratchDirectory()
        #expect(try Renderers.save(rows, to: "out.json", context: dir.context) == 2)
        #expect(try call("read_json", "out.json", context: dir.context) == .list([rec(["id": 1, "name": "a,b"]), rec(["id": 2, "when": "1970-01-01T00:00:00Z"])]))
        #expect(try Renderers.save(rows, to: "out.NDJSON", context: dir.context) == 2)
        #expect(dir.read("out.NDJSON") == "{\"id\":1,\"name\":\"a,b\"}\n{\"id\":2,\"when\":\"1970-01-01T00:00:00Z\"}\n")
        #expect(try Renderers.save(rows, to: "out.csv", context: dir.context) == 2)
        #expect(dir.read("out.csv") == "id,name,when\n1,\"a,b\",\n2,,1970-01-01T00:00:00Z\n")
        #expect(try Renderers.save([], to: "empty.csv", context: dir.context) == 0)
        #expect(dir.read("empty.csv") == "")
    }

    @Test func saveErrors() {
        let dir = ScratchDirectory()
        #expect(throws: LibraryError("save: cannot tell the format of \"out.txt\" from its extension",
                                     hint: "use a file name ending in .json, .ndjson or .csv")) {
            try Renderers.save(rows, to: "out.txt", context: dir.context)
        }
        #expect(throws: LibraryError("save: cannot write \"missing/out.json\": no such file or directory",
                                     hint: "check the path; relative paths start at the script's folder (or the working directory in the REPL)")) {
            try Renderers.save(rows, to: "missing/out.json", context: dir.context)
        }
        #expect(throws: LibraryError("save: row 1 is a string, not a record",
                                     hint: "CSV holds records; use map to turn each element into a record")) {
            try Renderers.save(["x"], to: "out.csv", context: dir.context)
        }
    }

    @Test func formatsByExtension() {
        #expect(OutputFormat(fileExtensionOf: "/a.b/c.Json") == .json)
        #expect(OutputFormat(fileExtensionOf: "x.jsonl") == .ndjson)
        #expect(OutputFormat(fileExtensionOf: "dir.csv/file") == nil)
        #expect(OutputFormat(fileExtensionOf: "noext") == nil)
    }
}
