import CiviCore
import Foundation
import Testing
@testable import CiviLang

/// Inputs that used to trap or overflow the stack: each is now a clear error with its location.
@Suite struct DepthLimitTests {
    // MARK: dates

    @Test func datesOutsideYearsOneToNineThousandNineHundredNinetyNineAreErrors() {
        let d = run("x = 1\ndate(1e300)").error
        #expect(d?.message == "date: 1e+300 seconds since 1970 is outside the supported dates (years 0001 to 9999)")
        #expect(d?.line == 2)
        #expect(errorMessage("date(-1e300)")?.hasPrefix("date: -1e+300 seconds since 1970 is outside") == true)
        #expect(errorMessage("date(\(Int.max))")?.contains("outside the supported dates") == true)
        #expect(errorMessage("date(\"0000-06-01\")") == "date: \"0000-06-01\" is not an ISO-8601 date")
    }

    @Test(arguments: ["date(0) + 1e300", "1e300 + date(0)", "date(0) - 1e300", "date(0) + days(1e300)",
                      "date(0) + days(100000000)", "date(\"9999-12-31\") + days(1)", "date(\"0001-01-01\") - 1"])
    func dateArithmeticLeavingTheRangeIsAnError(source: String) {
        let d = run("d = 0\n" + source).error
        #expect(d?.message.hasSuffix("gives a date outside years 0001 to 9999") == true, "\(d?.message ?? "no error")")
        #expect(d?.line == 2)
        #expect(d?.kind == .runtime)
    }

    @Test func theEdgesOfTheRangeStillWork() {
        #expect(value("str(date(\"9999-12-31T23:59:59.999Z\"))") == .string("9999-12-31T23:59:59.999Z"))
        #expect(value("str(date(\"0001-01-02\") - days(1))") == .string("0001-01-01T00:00:00Z"))
        #expect(value("int(date(\"9999-12-31\") + hours(23))") == .int(253_402_297_200))
    }

    // MARK: syntax nested too deeply

    static let tooDeep = "expression nested too deeply (limit \(Parser.maxHeight))"

    @Test func longLeftAssociativeChainsAreASyntaxError() {
        let sum = "x = 1\ny = 1" + String(repeating: " + 1", count: 100_000)
        let d = run(sum).error
        #expect(d?.message == Self.tooDeep)
        #expect(d?.kind == .syntax)
        #expect(d?.line == 2)
        #expect(d?.column == 5 + 4 * Parser.maxHeight, "at the term that passes the limit")
        #expect(run("x = [1]\nx" + String(repeating: " | map it", count: 100_000)).error?.message == Self.tooDeep)
        #expect(run("x = [1]\nx" + String(repeating: "[0]", count: 100_000)).error?.message == Self.tooDeep)
        #expect(run("x = {}\nx" + String(repeating: ".a", count: 10_000)).error?.message == Self.tooDeep)
        #expect(run("x = true\nx" + String(repeating: " and x", count: 10_000)).error?.message == Self.tooDeep)
        #expect(run("x = null\nx" + String(repeating: " ?? x", count: 10_000)).error?.message == Self.tooDeep)
        #expect(run("f = x => x\nf" + String(repeating: "(1)", count: 10_000)).error?.message == Self.tooDeep)
        let chain = "x = 1\nif x == 0 { 0 }" + String(repeating: " else if x == 0 { 0 }", count: 3_000) + " else { 1 }"
        #expect(run(chain).error?.message == Self.tooDeep)
    }

    @Test func nestedLambdasAreASyntaxError() {
        let d = run("f = " + String(repeating: "x => ", count: 30_000) + "1").error
        #expect(d?.message.hasPrefix("nesting too deep") == true, "\(d?.message ?? "no error")")
        #expect(d?.kind == .syntax)
        let inStage = run("[1] | map " + String(repeating: "x => ", count: 30_000) + "1").error
        #expect(inStage?.message.hasPrefix("nesting too deep") == true)
    }

    @Test func stringsNestedInInterpolationsAreBounded() {
        // Lexing a string inside `${...}` recurses; 300,000 levels used to overflow the stack.
        let n = 300_000
        let d = run("x = " + String(repeating: "\"${", count: n) + "1" + String(repeating: "}\"", count: n)).error
        #expect(d?.message == "nesting too deep (more than \(Parser.maxDepth) levels of `${` in strings)")
        #expect(d?.kind == .syntax)
        #expect(value("x = 2\n\"a${\"b${\"c${x}\"}\"}\"") == .string("abc2"))
    }

    @Test func checkReportsTheSameWithoutCrashing() {
        let interpreter = Interpreter(host: nil, options: InterpreterOptions(baseDirectory: "/tmp", environment: [:]))
        nonisolated(unsafe) var messages: [[String]] = []
        Workers.runOnLargeStack {
            for source in ["1" + String(repeating: " + 1", count: 100_000), "f = " + String(repeating: "x => ", count: 30_000) + "1"] {
                messages.append(interpreter.check(source, name: "deep.civi").map(\.message))
            }
        }
        #expect(messages.first == [Self.tooDeep])
        #expect(messages.last?.first?.hasPrefix("nesting too deep") == true)
    }

    @Test func chainsJustUnderTheLimitStillRun() {
        let n = Parser.maxHeight - 10
        #expect(value("1" + String(repeating: " + 1", count: n)) == .int(n + 1))
        #expect(value("[1, 2]" + String(repeating: " | map it", count: n) + " | count") == .int(2))
        #expect(value("x = {a: 1}\nx" + String(repeating: ".a", count: n)) == .null)
        #expect(value("f = " + String(repeating: "x => ", count: 200) + "7\n" + "f" + String(repeating: "(0)", count: 200)) == .int(7))
    }

    @Test func longBlocksRunAndStopAtTheirSignals() {
        // 50,000 statements in one function body, on a 2 MB stack: compiled as one closure calling
        // the next, running (and freeing) them recursed once per statement and overflowed.
        let body = String(repeating: "n = n + 1\n", count: 50_000)
        let interpreter = Interpreter(host: nil, options: InterpreterOptions(baseDirectory: "/tmp", environment: [:]))
        nonisolated(unsafe) var result: Value?
        Workers.runOnLargeStack(stackSize: 2 << 20) {
            try? interpreter.run("fn f(n) {\n\(body)n }\nf(0)", name: "long.civi") { result = $0 }
        }
        #expect(result == .int(50_000))
        let returnsEarly = String(repeating: "n = n + 1\n", count: 500) + "return n\n" + String(repeating: "n = n + 1\n", count: 500)
        #expect(value("fn g(n) {\n\(returnsEarly)n }\ng(0)") == .int(500))
        let breaksEarly = String(repeating: "t += 1\n", count: 70) + "if i == 1 { break }\n" + String(repeating: "t += 1\n", count: 70)
        #expect(value("t = 0\nfor i in range(5) {\n\(breaksEarly)}\nt") == .int(140 + 70))
    }

    // MARK: values nested too deeply

    static let valueTooDeep = "value nested too deeply (limit \(Value.maxNesting) levels of lists and records)"

    @Test(arguments: [
        "x = []\nfor i in range(60000) { x = [x] }",
        "x = {}\nfor i in range(60000) { x = {a: x} }",
        "x = 1\nfor i in range(60000) { x = ([1] | map y => x) }",
        "x = 1\nfor i in range(60000) { x = ([1] | group x) }",
        "x = [1]\nfor i in range(60000) { x[0] = x }",
        "x = {a: 1}\nfor i in range(60000) { x.a = x }",
        "x = {a: {b: 1}}\nfor i in range(60000) { x.a.b = [x] }",
        "x = 1\nfor i in range(60000) { x = ([1] | parallel 2 x) }",
        "n = 1000\nfn f(n) { if n == 0 { [] } else { [f(n - 1)] } }\nf(n)",
    ])
    func deepValuesStopAtTheLimit(source: String) {
        let d = run(source).error
        #expect(d?.message == Self.valueTooDeep)
        #expect(d?.line == 2)
        #expect(d?.kind == .runtime)
    }

    @Test func valuesAtTheLimitWork() throws {
        let deepest = Value.maxNesting
        let path = "/tmp/civi-depth-limit-\(getpid()).json"
        defer { unlink(path) }
        let source = """
        x = 1
        for i in range(\(deepest)) { x = [x] }
        write_json("\(path)", x)
        y = read_json("\(path)")
        z = x[0]
        [x == y, len(str(x)), len([z, z] | sort), len(x | flatten), len([z] | unique), len({a: z}.a)]
        """
        #expect(value(source) == .list([.bool(true), .int(2 * deepest + 1), .int(2), .int(1), .int(1), .int(1)]))
        #expect(errorMessage("x = 1\nfor i in range(\(deepest)) { x = [x] }\n[x]") == Self.valueTooDeep)
    }

    @Test func sharingOneValueManyTimesIsCheap() {
        // 2^60 paths through 60 lists: the depth check must count each list once.
        #expect(value("x = []\nfor i in range(60) { x = [x, x] }\ny = {a: x, b: [x, x]}\nlen(y.b)") == .int(2))
    }

    @Test func aLongChainOfClosuresIsFreedWithoutOverflowing() {
        let source = "fn wrap(v) { () => v }\nx = 1\nfor i in range(300000) { x = wrap(x) }\nx = 0\nfn box(v) { [() => v] }\nfor i in range(300000) { x = box(x) }\n1"
        #expect(value(source) == .int(1))
    }
}
