import Testing
@testable import CiviLang

/// The script runner itself: it must fail, at the right line and saying why, whenever a script's
/// expectations are not met — and refuse scripts that assert nothing.
@Suite struct LanguageScriptFormatTests {
    /// The failures of running `text`, as "line: message".
    func failures(_ text: String) throws -> [String] {
        let script = try LanguageScript(text: text)
        return script.chunks.flatMap { chunk in
            ScriptCheck.failures(of: chunk, in: ScriptRun(chunk.source, name: "t.civi", host: nil)).map { "\($0.line): \($0.message)" }
        }
    }

    /// The format error `text` is refused with, or nil when it is accepted.
    func refusal(_ text: String) -> String? {
        do {
            _ = try LanguageScript(text: text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func metExpectationsGiveNoFailures() throws {
        #expect(try failures("x = 4\nprint(\"a\")\nx / 2 # expect: 2.0\n# expect: a\n").count == 2,
                "order matters: the print comes before the value")
        #expect(try failures("print(\"a\") # expect: a\n8 / 2 # expect: 4.0\n# ---\n1 / 0 # expect error: division by zero\n") == [])
    }

    @Test func aWrongOutputNamesTheLineAndBothTexts() throws {
        #expect(try failures("1\n2 # expect: 1\n# expect: 3\n") == ["3: expected output \"3\", got \"2\""])
        #expect(try failures("1 # expect: 1\n# expect: 2\n") == ["2: expected output \"2\", but nothing more was shown"])
        #expect(try failures("1 # expect: 1\n2\n") == ["1: unexpected output after the last expectation: \"2\""])
    }

    @Test func errorsMustBeExpectedExactlyAndOnTheirLine() throws {
        #expect(try failures("1 # expect: 1\n1 / 0\n") == ["2: unexpected error (runtime): division by zero"])
        #expect(try failures("x = 1 # expect error: division by zero\n") ==
                ["1: expected an error \"division by zero\" on this line, but the chunk succeeded"])
        #expect(try failures("x = 0 # expect error: division by zero\n1 / x\n") ==
                ["1: expected an error \"division by zero\" on this line, got an error of kind runtime at line 2: \"division by zero\""])
        #expect(try failures("1 / 0 # expect error: division...\n") == [])
        #expect(try failures("1 / 0 # expect syntax error: division by zero\n").count == 1, "the kind is checked")
        #expect(try failures("print(1)\n1 / 0 # expect: 2\n") ==
                ["2: expected output \"2\", got \"1\"", "2: unexpected error (runtime): division by zero"])
    }

    @Test func scriptsThatAssertNothingAreRefused() {
        #expect(refusal("1 + 1\n") == "line 1: a chunk without `# expect` lines asserts nothing")
        #expect(refusal("# only a comment\n") == "line 1: the file has no code with `# expect` lines")
        #expect(refusal("1 # expect: 1\n# ---\n2\n") == "line 3: a chunk without `# expect` lines asserts nothing")
        #expect(refusal("1 # expect nothing\n")?.contains("unknown directive") == true)
        #expect(refusal("1 / 0 # expect error: division by zero\n# expect: 1\n")?.contains("can never be shown") == true)
        #expect(refusal("1 # expect hint: x\n")?.contains("must follow") == true)
        #expect(refusal("# host: real\n1 # expect: 1\n") == "line 1: the only host is `fake`")
    }
}
