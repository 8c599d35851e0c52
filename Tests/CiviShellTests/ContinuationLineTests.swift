import CiviLang
import Testing
@testable import CiviShell

/// How the REPL classifies the first line of a statement, and spots `_`.
@Suite struct ContinuationLineTests {
    @Test func pipeElseAndCatchLinesAreRecognised() {
        #expect(ContinuationLine("| count") == .pipe)
        #expect(ContinuationLine("   |where .x") == .pipe)
        #expect(ContinuationLine("else { 1 }") == .orphan("else"))
        #expect(ContinuationLine("\tcatch e { 1 }") == .orphan("catch"))
        #expect(ContinuationLine("catch") == .orphan("catch"))
        #expect(ContinuationLine("elsewhere = 1") == .none)
        #expect(ContinuationLine("catch_count + 1") == .none)
        #expect(ContinuationLine("x | count") == .none)
    }

    @Test func theOrphanErrorPointsAtTheKeyword() {
        let d = ContinuationLine.orphanError("else", line: "  else { 2 }")
        #expect(d.column == 3 && d.endColumn == 7)
        #expect(d.render(color: false).contains("<repl>:1:3: error: `else` has no `if` to continue"))
        #expect(d.hint?.contains("} else {") == true)
    }

    @Test func readingTheLastResultIsSpotted() {
        #expect(ContinuationLine.mentionsLastResult("_ | count"))
        #expect(ContinuationLine.mentionsLastResult("len(_) + 1"))
        #expect(!ContinuationLine.mentionsLastResult("first_name = 1"))
        #expect(!ContinuationLine.mentionsLastResult("a._"))
    }
}
