import CiviCore
import Testing
@testable import CiviLang

@Suite("Files and the environment")
struct LibraryFileBuiltinTests {
    @Test func envReadsTheContext() throws {
        #expect(try call("env", "CIVI_TEST") == "yes")
        #expect(try call("env", "CIVI_SURELY_UNSET") == nil)
        #expect(failure("env", 1)?.message == "env: expected a string variable name, got int")
    }

    @Test func pathsResolveAgainstTheBaseDirectoryAndHome() {
        let context = LibraryContext(baseDirectory: "/data/", environment: ["HOME": "/home/ada"])
        #expect(context.resolve("x.csv") == "/data/x.csv")
        #expect(context.resolve("/abs/x.csv") == "/abs/x.csv")
        #expect(context.resolve("~/x.csv") == "/home/ada/x.csv")
        #expect(LibraryContext(baseDirectory: "", environment: [:]).resolve("~/x") == "~/x")
        let process = LibraryContext.currentProcess()
        #expect(process.baseDirectory.hasPrefix("/"))
        #expect(process.environment["PATH"] != nil)
    }

    @Test func textRoundTripWithRelativeAndHomePaths() throws {
        let dir = ScratchDirectory()
        #expect(try call("write_text", "note.txt", "héllo\n", context: dir.context) == nil)
        #expect(dir.read("note.txt") == "héllo\n")
        #expect(try call("read_text", "note.txt", context: dir.context) == "héllo\n")
        #expect(try call("read_text", "~/note.txt", context: dir.context) == "héllo\n")
        #expect(try call("read_text", .string(dir.path + "/note.txt")) == "héllo\n")
        #expect(failure("write_text", "x.txt", 5, context: dir.context)?.message == "write_text: expected a string to write, got int")
    }

    @Test func jsonRoundTripIsExactAndConvertsDates() throws {
        let dir = ScratchDirectory()
        let rows: Value = [rec(["email": "x1@example.org", "n": 1, "f": 2.0, "big": 1e20, "created_at": .date(Instant(seconds: 1.5)),
                                "tags": ["a", nil, true], "nested": rec(["k": -3])])]
        _ = try call("write_json", "rows.json", rows, context: dir.context)
        let text = try #require(dir.read("rows.json"))
        #expect(text.hasPrefix("[\n  {\n    \"email\": \"x1@example.org\""))
        #expect(text.hasSuffix("]\n"))
        #expect(text.contains("\"created_at\": \"1970-01-01T00:00:01.500Z\""))
        #expect(try call("read_json", "rows.json", context: dir.context) == rows)
    }

    @Test func ndjsonIsReadAsAList() throws {
        let dir = ScratchDirectory()
        dir.write("rows.ndjson", "{\"a\":1}\n\n{\"a\":2}\n")
        #expect(try call("read_json", "rows.ndjson", context: dir.context) == [rec(["a": 1]), rec(["a": 2])])
    }

    @Test func jsonSyntaxErrorsNameThePathAndPosition() {
        let dir = ScratchDirectory()
        dir.write("bad.json", "{\"a\": 1,\n \"b\" 2}")
        #expect(failure("read_json", "bad.json", context: dir.context)?.message
                == "read_json: \"bad.json\": line 2, column 6: expected ':' after an object key")
    }

    @Test func csvFilesRoundTrip() throws {
        let dir = ScratchDirectory()
        let rows: Value = [rec(["email": "x1@example.org", "state": "CA", "n": 1]), rec(["email": "x2@example.org", "state": "NY", "n": 2])]
        _ = try call("write_csv", "rows.csv", rows, context: dir.context)
        #expect(dir.read("rows.csv") == "email,state,n\nx1@example.org,CA,1\nx2@example.org,NY,2\n")
        let back = try call("read_csv", "rows.csv", context: dir.context)
        #expect(back.listValue?[1] == rec(["email": "x2@example.org", "state": "NY", "n": "2"]))
        dir.write("ragged.csv", "a,b\n1\n")
        #expect(failure("read_csv", "ragged.csv", context: dir.context)?.message
                == "read_csv: \"ragged.csv\": line 2: expected 2 fields as in the header, found 1")
        #expect(failure("write_csv", "x.csv", rec([:]), context: dir.context)?.message == "write_csv: expected a list of records, got record")
    }

    @Test func fileErrorsNameThePathAndReason() {
        let dir = ScratchDirectory()
        let missing = failure("read_text", "nope.txt", context: dir.context)
        #expect(missing?.message == "read_text: cannot read \"nope.txt\": no such file or directory")
        #expect(missing?.hint?.contains("relative paths") == true)
        #expect(failure("read_json", ".", context: dir.context)?.message == "read_json: cannot read \".\": is a directory")
        #expect(failure("write_json", "no/such/dir/x.json", 1, context: dir.context)?.message
                == "write_json: cannot write \"no/such/dir/x.json\": no such file or directory")
        #expect(failure("write_text", ".", "x", context: dir.context)?.message == "write_text: cannot write \".\": is a directory")
        #expect(failure("read_csv", 3)?.message == "read_csv: expected a string path, got int")
    }

    @Test func unwritableValuesAreErrors() {
        let dir = ScratchDirectory()
        #expect(failure("write_json", "x.json", .float(.infinity), context: dir.context)?.message
                == "write_json: the number inf has no JSON form")
    }

    @Test func nonUTF8TextIsAnError() {
        let dir = ScratchDirectory()
        let fd = open(dir.path + "/bin.txt", O_WRONLY | O_CREAT, 0o644)
        _ = [UInt8]([0xFF, 0xFE, 0x00]).withUnsafeBytes { write(fd, $0.baseAddress, 3) }
        close(fd)
        #expect(failure("read_text", "bin.txt", context: dir.context)?.message == "read_text: \"bin.txt\" is not UTF-8 text")
    }
}

#if canImport(Glibc)
import Glibc
#endif
