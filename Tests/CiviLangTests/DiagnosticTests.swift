import Testing
@testable import CiviLang

/// Golden renderings of syntax and runtime errors.
@Suite struct DiagnosticTests {
    func rendered(_ source: String) -> String {
        run(source, name: "t.civi").error?.render(color: false) ?? "<no error>"
    }

    @Test func assignmentInConditionSuggestsEquals() {
        #expect(rendered("x = 1\nif x = 2 { print(x) }") == """
        t.civi:2:6: error: unexpected `=` in a condition
         2 | if x = 2 { print(x) }
           |      ^
        hint: did you mean `==`?

        """)
    }

    @Test func unterminatedStringIsIncomplete() {
        let d = run("x = \"abc").error
        #expect(d?.isIncomplete == true)
        #expect(d?.hint == "unterminated string started here")
        #expect(d?.column == 5)
    }

    @Test func unclosedBlockIsIncomplete() {
        #expect(run("if true {\n  print(1)\n").error?.isIncomplete == true)
        #expect(run("x = 1 +").error?.isIncomplete == true)
        #expect(run("f(1,").error?.isIncomplete == true)
    }

    @Test func pipelineAsOperandNeedsParentheses() {
        let d = run("xs = [1]\nxs | count == 2").error
        #expect(d?.kind == .syntax)
        #expect(d?.hint == "`|` binds loosest: parenthesise the pipeline, e.g. `(xs | count) == 2`")
    }

    @Test func runtimeErrorShowsLocationAndTrace() {
        #expect(rendered("fn f(a) {\n  a + \"x\"\n}\nf(1)") == """
        t.civi:2:3: error: cannot apply `+` to int and string
         2 |   a + "x"
           |   ^~~~~~~
        hint: convert with str(x) or use interpolation: "${x}"
          in f (defined at t.civi:1)

        """)
    }

    @Test func unknownNameSuggestsCloseOne() {
        let d = run("total = 1\nprint(totl)").error
        #expect(d?.message == "unknown name `totl`")
        #expect(d?.hint == "did you mean `total`?")
        #expect(d?.line == 2 && d?.column == 7)
    }

    @Test func severalIndependentErrorsAreReported() {
        let d = run("x = )\ny = 2\nz = ]\n").error
        #expect(d?.others.count == 1)
        #expect(d?.others.first?.line == 3)
    }

    @Test func errorsBeforeALexicalErrorAreKept() {
        let d = run("x = (1 +\ny = 2 3\nz = \"abc\n").error
        #expect(d?.line == 2)
        #expect(d?.kind == .syntax)
        #expect(d?.others.map(\.line) == [3])
        #expect(d?.others.last?.hint == "unterminated string started here")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(run(source).error?.message.hasPrefix("nesting too deep") == true)
        let lists = String(repeating: "[", count: 100_000)
        #expect(run(lists).error?.message.hasPrefix("nesting too deep") == true)
    }

    @Test func exitCodes() {
        #expect(run("x = (").error?.exitCode == 2)
        #expect(run("assert(false)").error?.exitCode == 1)
        #expect(run("exit(3)").error?.exitCode == 3)
        #expect(run("exit(3)").error?.kind == .exit(3))
    }

    @Test func assertMessage() {
        #expect(errorMessage("assert(false, \"math\")") == "assertion failed: math")
        // A comparison also shows its source and both sides.
        #expect(errorMessage("assert(1 == 2, \"math\")") == "assertion failed: math\n  1 == 2\n  left:  1\n  right: 2")
    }
}
