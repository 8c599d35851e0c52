import CiviCore
import Testing
@testable import CiviLang

@Suite("CSV reading and writing")
struct LibraryCSVTests {
    private func read(_ text: String) throws(LibraryError) -> [Value] { try CSVReader.read(Array(text.utf8)) }

    @Test func headerRowGivesKeysAndValuesStayStrings() throws {
        let rows = try read("id,n,empty\nadv_1,42,\n")
        #expect(rows == [rec(["id": "adv_1", "n": "42", "empty": ""])])
        #expect(rows[0].recordValue?.keys == ["id", "n", "empty"])
    }

    @Test func quotesDoubledQuotesCommasAndNewlines() throws {
        let rows = try read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",z")
        #expect(rows == [rec(["a": "x, y", "b": "say \"hi\""]), rec(["a": "line1\nline2", "b": "z"])])
    }

    @Test func crlfBomAndBlankLines() throws {
        let text = "\u{FEFF}a,b\r\n1,2\r\n\r\n3,\"4\r\n5\"\r\n"
        let rows = try read(text)
        #expect(rows == [rec(["a": "1", "b": "2"]), rec(["a": "3", "b": "4\r\n5"])])
        #expect(rows[0].recordValue?.keys == ["a", "b"])
    }

    @Test func oldMacLineEndsAndQuotesInsideUnquotedFields() throws {
        #expect(try read("a,b\r1,2\r") == [rec(["a": "1", "b": "2"])])
        #expect(try read("a\nsay \"hi\"\n") == [rec(["a": "say \"hi\""])])
    }

    @Test func emptyInputsGiveNoRows() throws {
        #expect(try read("") == [])
        #expect(try read("a,b\n") == [])
        #expect(try read("\u{FEFF}") == [])
    }

    @Test func raggedRowsNameTheirLine() {
        #expect(throws: LibraryError("line 3: expected 2 fields as in the header, found 3")) {
            try read("a,b\n1,2\n1,2,3\n")
        }
        // A quoted line break moves later rows down a line.
        #expect(throws: LibraryError("line 4: expected 2 fields as in the header, found 1")) {
            try read("a,b\n\"1\n\",2\nonly\n")
        }
    }

    @Test func malformedQuotingIsAnError() {
        #expect(throws: LibraryError("line 2: a quoted field is never closed")) { try read("a\n\"open\n") }
        #expect(throws: LibraryError("line 2: unexpected text after a closing quote",
                                     hint: "a quote inside a quoted field is written as two quotes (\"\")")) {
            try read("a,b\n\"x\"y,2\n")
        }
        #expect(throws: LibraryError("line 1: the header names the column \"a\" twice")) { try read("a,a\n1,2\n") }
    }

    @Test func writerUnionsKeysAndQuotesWhenNeeded() throws {
        let rows: [Value] = [
            rec(["id": 1, "name": "a,b"]),
            rec(["id": 2, "note": "say \"hi\"", "tags": ["x"], "when": .date(Instant(seconds: 0)), "name": nil]),
        ]
        let text = try CSVWriter.write(rows, function: "csv")
        #expect(text == "id,name,note,tags,when\n1,\"a,b\",,,\n2,,\"say \"\"hi\"\"\",\"[\"\"x\"\"]\",1970-01-01T00:00:00Z")
    }

    @Test func writerRejectsNonRecordsNamingTheRow() {
        #expect(throws: LibraryError("csv: row 2 is an int, not a record",
                                     hint: "CSV holds records; use map to turn each element into a record")) {
            try CSVWriter.write([rec(["a": 1]), 5], function: "csv")
        }
    }

    @Test func writtenCSVReadsBack() throws {
        let rows: [Value] = [rec(["a": "x\ny", "b": "\"q\""]), rec(["a": ",", "b": " s "])]
        #expect(try read(try CSVWriter.write(rows, function: "csv")) == rows)
    }

    @Test func singleColumnEmptyFieldsSurviveARoundTrip() throws {
        let rows: [Value] = [rec(["": ""]), rec(["": "x"])]
        let text = try CSVWriter.write(rows, function: "csv")
        #expect(text == "\"\"\n\"\"\nx")
        #expect(try read(text) == rows)
    }
}
