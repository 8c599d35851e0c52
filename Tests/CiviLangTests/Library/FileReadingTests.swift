import CiviCore
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import CiviLang

@Suite("Reading files: special files, sized reads, CSV streams")
struct FileReadingTests {
    @Test func specialFilesAreRefusedUnlessAsked() throws {
        let zero = failure("read_text", "/dev/zero")
        #expect(zero?.message == "read_text: cannot read \"/dev/zero\": it is a character device, not a regular file")
        #expect(zero?.hint?.contains("{special: true}") == true)
        #expect(failure("read_csv", "/dev/zero")?.message.contains("not a regular file") == true)
        #expect(failure("read_json", "/dev/null")?.message.contains("not a regular file") == true)
        #expect(try call("read_text", "/dev/null", rec(["special": true])) == "")
        #expect(failure("read_text", "/dev/null", rec(["speshul": true]))?.message
                == "read_text: unknown option \"speshul\"; it takes special")
        #expect(failure("read_text", "/dev/null", rec(["special": "yes"]))?.message
                == "read_text: the option special must be true or false, got string")
        #expect(failure("read_text", "/dev/null", 3)?.message.contains("options record") == true)
    }

    @Test func wholeFileReadsExactlyTheBytesAndRefusesDevices() throws {
        let dir = ScratchDirectory()
        let text = String(repeating: "0123456789abcdef", count: 20_000) + "end"
        dir.write("big.txt", text)
        #expect(try WholeFile.read(path: dir.path + "/big.txt", allowSpecial: false) == Array(text.utf8))
        // /proc files report size 0 but have content: the read goes on past the reported size.
        #expect(try WholeFile.read(path: "/proc/self/status", allowSpecial: false).count > 0)
        #expect(throws: WholeFile.Failure.notRegular(kind: "a character device")) {
            try WholeFile.read(path: "/dev/zero", allowSpecial: false)
        }
        #expect(throws: WholeFile.Failure.system(EISDIR)) { try WholeFile.read(path: dir.path, allowSpecial: false) }
    }

    @Test func csvStreamIsLazyAndReadsOnlyWhatItNeeds() {
        let dir = ScratchDirectory()
        // Line 5 is ragged: reading that far is an error, so stopping early must never reach it.
        dir.write("rows.csv", "n,s\n1,a\n2,b\n3,c\nbroken\n")
        let base = "s = read_csv(\"\(dir.path)/rows.csv\", {stream: true})\n"
        #expect(value(base + "type(s)") == "stream")
        #expect(value(base + "s | where int(.n) >= 2 | take 1 | collect") == [rec(["n": "2", "s": "b"])])
        #expect(value(base + "s | take 3 | map .s | collect") == ["a", "b", "c"])
        #expect(value(base + "s | first") == rec(["n": "1", "s": "a"]))
        let all = run(base + "s | collect")
        #expect(all.error?.message == "read_csv: \"\(dir.path)/rows.csv\": line 5: expected 2 fields as in the header, found 1")
    }

    @Test func csvStreamWorksWithForCountCollectAndLen() {
        let dir = ScratchDirectory()
        dir.write("rows.csv", "\u{FEFF}n,s\r\n1,a\r\n\r\n2,\"b, \"\"c\"\"\"\r\n")
        let base = "s = read_csv(\"\(dir.path)/rows.csv\", {stream: true})\n"
        let o = run(base + "for r in s { print(r.s) }\nprint(s | count)\nprint(len(s | collect))\ns | skip 1 | select s | collect")
        #expect(o.error == nil, "\(o.error?.render(color: false) ?? "")")
        #expect(o.printed == ["a", "b, \"c\"", "2", "2"])
        #expect(o.value == [rec(["s": "b, \"c\""])])
        #expect(value(base + "(s | collect) == read_csv(\"\(dir.path)/rows.csv\")") == true, "stream and list agree")
        #expect(errorMessage("read_csv(\"\(dir.path)/missing.csv\", {stream: true})")?.contains("no such file") == true,
                "a missing file fails at the call, not later")
    }

    @Test func csvRowsSplitAcrossChunksParseTheSame() throws {
        let text = "a,b\n\"x\ny\",\"q\"\"\"\r\n3,4\n"
        let whole = try CSVReader.read(Array(text.utf8))
        // One byte per chunk: every quote, CRLF and byte-order mark decision crosses a boundary.
        for bom in [false, true] {
            var bytes = (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
            bytes.reverse()
            var reader = try CSVRowReader { () throws(LibraryError) -> [UInt8]? in bytes.popLast().map { [$0] } }
            #expect(try CSVReader.records(from: &reader) == whole)
        }
    }
}
