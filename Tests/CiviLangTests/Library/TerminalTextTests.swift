import CiviCore
import Testing
@testable import CiviLang

@Suite("Control characters shown on a terminal")
struct TerminalTextTests {
    @Test func visibleKeepsLinesAndEscapesEveryOtherControl() {
        #expect(TerminalText.visible("a\nb\tc") == "a\nb\tc")
        #expect(TerminalText.visible("\u{1B}]0;x\u{07}\r\u{7F}\u{9B}2J") == #"\u{1b}]0;x\u{7}\r\u{7f}\u{9b}2J"#)
        #expect(TerminalText.visible("héllo ✓") == "héllo ✓")
        #expect(TerminalText.singleLine("a\nb\tc") == #"a\nb\tc"#)
    }

    @Test func tableCellsEscapeC1ControlsToo() {
        let text = TableRenderer(maxWidth: nil, color: false).render([rec(["v": .string("\u{9B}2J\u{1B}[2J")])], footer: nil)
        #expect(!text.unicodeScalars.contains("\u{9B}") && !text.contains("\u{1B}"))
        #expect(text.contains(#"\u{9b}2J\u{1b}[2J"#))
    }

    @Test func diagnosticsForATerminalEscapeTheTextAndKeepTheCaretUnderIt() {
        let d = Diagnostic(kind: .runtime, message: "bad \u{1B}[2J", file: "t.civi", line: 1, column: 3, endColumn: 6,
                           sourceLine: "x(\u{1B}[1)", hint: "see \u{9B}")
        let raw = d.render(color: false)
        #expect(raw.contains("\u{1B}[2J"), "a pipe or file gets the exact text")
        let shown = d.render(color: false, terminal: true)
        #expect(!shown.contains("\u{1B}") && !shown.unicodeScalars.contains("\u{9B}"), "\(shown)")
        #expect(shown.contains(#"error: bad \u{1b}[2J"#))
        #expect(shown.contains(#" 1 | x(\u{1b}[1)"#))
        // The caret spans the escaped text of the three characters it pointed at.
        #expect(shown.contains("   |   ^" + String(repeating: "~", count: #"\u{1b}[1"#.count - 1) + "\n"), "\(shown)")
        #expect(shown.contains(#"hint: see \u{9b}"#))
    }
}
