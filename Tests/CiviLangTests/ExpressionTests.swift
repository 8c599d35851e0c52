import CiviCore
import Testing
@testable import CiviLang

/// Operators, literals, access and their errors.
@Suite struct ExpressionTests {
    @Test func arithmetic() {
        #expect(value("1 + 2 * 3") == .int(7))
        #expect(value("(1 + 2) * 3") == .int(9))
        #expect(value("7 / 2") == .float(3.5))
        #expect(value("8 / 2") == .float(4))
        #expect(value("-7 % 3") == .int(-1))
        #expect(value("7.5 % 2") == .float(1.5))
        #expect(value("1 + 0.5") == .float(1.5))
        #expect(value("2.5e3") == .float(2500))
        #expect(value("1_000_000") == .int(1_000_000))
        #expect(value("-(3)") == .int(-3))
        #expect(value("\"a\" + \"b\"") == .string("ab"))
    }

    @Test func arithmeticErrors() {
        #expect(errorMessage("1 / 0") == "division by zero")
        #expect(errorMessage("1 % 0") == "remainder by zero")
        #expect(errorMessage("9223372036854775807 + 1") == "integer overflow in `+`")
        #expect(errorMessage("x = 9223372036854775807\nx * 2") == "integer overflow in `*`")
        #expect(errorMessage("1 + \"a\"") == "cannot apply `+` to int and string")
        #expect(errorMessage("-\"a\"") == "cannot negate string")
        #expect(errorMessage("99999999999999999999")?.hasPrefix("integer literal is too large") == true)
    }

    @Test func comparisonsAndLogic() {
        #expect(value("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3") == .bool(true))
        #expect(value("\"a\" < \"b\"") == .bool(true))
        #expect(value("null < false") == .bool(true), "mixed types order as jq")
        #expect(value("1 == 1.0") == .bool(true))
        #expect(value("[1, {a: 2}] == [1, {a: 2}]") == .bool(true))
        #expect(value("{a: 1, b: 2} == {b: 2, a: 1}") == .bool(true))
        #expect(value("not 1 == 2") == .bool(true))
        #expect(value("null or 5") == .bool(true))
        #expect(value("false and error(\"never\")") == .bool(false), "and short-circuits")
        #expect(value("null ?? 3") == .int(3))
        #expect(value("false ?? 3") == .bool(false))
    }

    @Test func membershipAndRegex() {
        #expect(value("2 in [1, 2]") == .bool(true))
        #expect(value("\"a\" in {a: 1}") == .bool(true))
        #expect(value("\"ell\" in \"hello\"") == .bool(true))
        #expect(value("\"x\" in null") == .bool(false))
        #expect(value("\"abc123\" =~ \"^[a-z]+[0-9]+$\"") == .bool(true))
        #expect(value("\"abc\" =~ \"^[0-9]\"") == .bool(false))
        #expect(errorMessage("\"a\" =~ \"(\"")?.hasPrefix("invalid regular expression") == true)
    }

    @Test func stringsAndInterpolation() {
        #expect(value("n = 2\n\"n=${n + 1} ${[1]}\"") == .string("n=3 [1]"))
        #expect(value("'raw ${x} \\n'") == .string("raw ${x} \\n"))
        #expect(value("\"tab\\tnl\\n\\u{1F600}\\$\"") == .string("tab\tnl\n😀$"))
        #expect(value("\"\"\"\nline1\nline2\"\"\"") == .string("line1\nline2"))
        #expect(value("\"nested ${\"in ${1 + 1}\"}\"") == .string("nested in 2"))
        #expect(errorMessage("\"bad \\q\"") == "unknown escape sequence")
    }

    @Test func fieldAndIndexAccess() {
        #expect(value("a = {x: {y: [1, 2, 3]}}\na.x.y[-1]") == .int(3))
        #expect(value("a = {x: 1}\na.nope") == .null)
        #expect(value("a = {x: 1}\na.nope.deeper") == .null)
        #expect(value("[1][5]") == .null)
        #expect(value("[1, 2][-3]") == .null)
        #expect(value("{\"odd key\": 1}[\"odd key\"]") == .int(1))
        #expect(value("\"héllo\"[1]") == .string("é"))
        #expect(errorMessage("x = 3\nx.field") == "cannot read field `field` of int")
        #expect(errorMessage("[1][\"a\"]") == "a list index must be an int, got string")
    }

    @Test func listsAndRecords() {
        #expect(value("[1, 2] + [3]") == .list([.int(1), .int(2), .int(3)]))
        #expect(value("{a: 1, b: 1} + {b: 2}") == .record(Record([("a", .int(1)), ("b", .int(2))])))
        #expect(value("x = 5\n{x}") == .record(Record([("x", .int(5))])), "shorthand field")
        #expect(value("[\n 1,\n 2,\n]") == .list([.int(1), .int(2)]), "trailing comma and newlines")
    }

    @Test func datesShiftAndSubtract() {
        #expect(value("d = date(\"2026-11-01T00:00:00Z\")\n(d + hours(2)) - d") == .float(7200))
        #expect(value("d = date(\"2026-11-01T00:00:00Z\")\nd - days(1) < d") == .bool(true))
    }

    @Test func lambdasAndClosures() {
        #expect(value("f = x => x * 2\nf(4)") == .int(8))
        #expect(value("f = (a, b) => a + b\nf(1, 2)") == .int(3))
        #expect(value("f = () => 7\nf()") == .int(7))
        #expect(value("f = x => { y = x + 1; y * 2 }\nf(1)") == .int(4))
        #expect(value("fn counter() { n = 0; () => { n += 1; n } }\nc = counter()\nc()\nc()") == .int(2))
        #expect(value("fn adder(k) { x => x + k }\nadd3 = adder(3)\nadd3(4)") == .int(7))
        #expect(errorMessage("f = x => x\nf(1, 2)") == "<lambda>() takes 1 argument, got 2")
        #expect(errorMessage("x = 1\nx(2)") == "int is not a function")
    }

    @Test func callsWithNamedArgumentsOnlyForAPI() {
        #expect(errorMessage("len(\"a\", x: 1)") == "len() takes no named arguments")
        #expect(value("len(\"abc\")") == .int(3))
    }

    @Test func unknownNamesAreCompileErrors() {
        let d = run("print(nope)").error
        #expect(d?.kind == .syntax)
        #expect(d?.message == "unknown name `nope`")
        #expect(errorMessage("if true { y = 1 }\ny") == "unknown name `y`", "block bindings are local")
        #expect(errorMessage("print(it)")?.hasPrefix("`it` is only defined") == true)
        #expect(errorMessage("print(.x)")?.hasPrefix("`.x` is only valid inside") == true)
    }
}
