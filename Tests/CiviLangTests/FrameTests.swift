import CiviCore
import Testing
@testable import CiviLang

/// Call frames: slots on the context's slot stack when nothing can keep them, heap environments
/// when a closure or a stage can, and the int fast paths of the hot call shapes.
@Suite struct FrameTests {
    @Test func recursionOnStackFrames() {
        #expect(value("fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nfib(20)") == .int(6765))
        #expect(value("fn sum(xs, i) { if i >= len(xs) { 0 } else { xs[i] + sum(xs, i + 1) } }\nsum([1, 2, 3, 4], 0)") == .int(10))
    }

    @Test func closuresKeepTheirVariablesAcrossRecursion() {
        #expect(value("fn adders(n) { if n == 0 { [] } else { adders(n - 1) + [x => x + n] } }\nfs = adders(3)\n[fs[0](10), fs[2](10)]") ==
                .list([.int(11), .int(13)]))
    }

    @Test func stackFramesReachEnclosingVariables() {
        #expect(value("fn outer(k) { fn inner(x) { x * k }\ninner(2) + inner(3) }\nouter(10)") == .int(50))
        #expect(value("fn a(x) { fn b(y) { fn c(z) { x + y + z }\nc(3) }\nb(2) }\na(1)") == .int(6))
        #expect(value("fn counter() { n = 0\nfn bump() { n += 1 }\nbump()\nbump()\nn }\ncounter()") == .int(2))
    }

    @Test func stagesInFunctionsSeeTheirArguments() {
        #expect(value("fn evens(xs) { xs | where it % 2 == 0 | count }\n[evens(range(10)), evens([1, 3])]") == .list([.int(5), .int(0)]))
        #expect(value("fn scaled(xs, k) { xs | map it * k }\nfn twice(xs) { scaled(scaled(xs, 2), 3) }\ntwice([1, 2])") ==
                .list([.int(6), .int(12)]))
    }

    @Test func framesLargerThanTheSlotStackFallBackToTheHeap() {
        let locals = (1...20).map { "x\($0) = n" }.joined(separator: "\n")
        let source = "fn deep(n) {\n\(locals)\nif n == 0 { x20 } else { 1 + deep(n - 1) } }\ndeep(1900)"
        #expect(value(source) == .int(1900))
    }

    @Test func errorsUnwindFramesCleanly() {
        let source = """
        fn f(n) { if n == 0 { error("boom") } else { f(n - 1) } }
        caught = 0
        for i in range(20) { try { f(100) } catch e { caught += 1 } }
        fn pair(a, b) { [a, b] }
        try { pair(1, f(3)) } catch e { 0 }
        [caught, pair("a", "b")]
        """
        #expect(value(source) == .list([.int(20), .list([.string("a"), .string("b")])]))
        let limit = "fn down(n) { down(n + 1) }\nr = try { down(0) } catch e { e.message }\nfn add(a, b) { a + b }\n[r, add(2, 3)]"
        #expect(value(limit) == .list([.string("too many nested calls (more than 2000)"), .int(5)]))
    }

    @Test func aFunctionMayReplaceItselfWhileRunning() {
        #expect(value("fn f() { f = 0\n42 }\n[f(), f]") == .list([.int(42), .int(0)]))
    }

    @Test func oneArgumentCallsSurviveTheCalleeBeingReplaced() {
        // The callee runs unretained; replacing the variable mid-call must not free it.
        #expect(value("fn f(n) { if n == 0 { f = null\n7 } else { 1 + f(n - 1) } }\n[f(3), f]") == .list([.int(10), .null]))
        #expect(value("fn g(n) { n * 2 }\nfn swap(n) { g = x => x + 100\nn }\n[g(swap(1)), g(1)]") == .list([.int(2), .int(101)]))
        #expect(value("fn h(n) { if n > 0 { h = m => m\nh(n - 1) + 1 } else { 0 } }\n[h(3), h(5)]") == .list([.int(3), .int(5)]))
        // Other globals assigned during such calls behave as usual.
        #expect(value("acc = []\nfn walk(n) { if n > 0 { acc = acc + [n]\nwalk(n - 1) } else { len(acc) } }\n[walk(50), len(acc)]") ==
                .list([.int(50), .int(50)]))
    }

    @Test func oneArgumentCallsOfOtherCalleesTakeTheGeneralPath() {
        #expect(value("l = len\nl([1, 2, 3])") == .int(3))
        #expect(value("fn mk(n) { fn add(x) { x + n }\nadd(n + 1) }\nmk(4)") == .int(9))
        #expect(errorMessage("fn two(a, b) { a }\ntwo(1)") == "two() takes 2 arguments, got 1")
        #expect(errorMessage("x = 3\nx(1)") == "int is not a function")
        #expect(value("fn twice(n) { n * 2 }\nfn w(n) { twice(n + 1) }\n[w(1), w(1.5)]") == .list([.int(4), .float(5.0)]))
        #expect(errorMessage("fn id(n) { n }\nfn w(n) { id(n + 1) }\nw(9223372036854775807)") == "integer overflow in `+`")
        #expect(errorMessage("fn id(n) { n }\nfn w(n) { id(n - 1) }\nw(\"a\")") == "cannot apply `-` to string and int")
    }

    @Test func intFastPathsKeepTheGeneralMeaning() {
        #expect(value("fn lt(n) { n < 2 }\n[lt(1), lt(2.5), lt(1.5), lt(2)]") == .list([.bool(true), .bool(false), .bool(true), .bool(false)]))
        #expect(value("fn s(n) { [n - 1, n + 1, n >= 1, n <= 1, n > 1] }\ns(1.5)") ==
                .list([.float(0.5), .float(2.5), .bool(true), .bool(false), .bool(true)]))
        #expect(errorMessage("fn inc(n) { n + 1 }\ninc(9223372036854775807)") == "integer overflow in `+`")
        #expect(errorMessage("fn dec(n) { n - 1 }\ndec(-9223372036854775807 - 1)") == "integer overflow in `-`")
        #expect(errorMessage("fn s(n) { n - 1 }\ns(\"a\")") == "cannot apply `-` to string and int")
    }

    @Test func conditionsOnLocalsKeepTheGeneralOrder() {
        let source = "fn cls(n) { if n < 2 { \"small\" } else if n >= 10 { \"huge\" } else { \"big\" } }\n" +
            "[cls(1), cls(1.5), cls(3), cls(\"a\"), cls(null), cls(10), cls(9.5)]"
        #expect(value(source) == .list(["small", "small", "big", "huge", "small", "huge", "big"].map { Value.string($0) }))
    }

    @Test func errorsInStackFramesKeepLocationAndTrace() {
        let d = run("fn bad(n) {\n  n - \"x\"\n}\nbad(1)").error
        #expect(d?.message == "cannot apply `-` to int and string")
        #expect(d?.trace.first?.hasPrefix("in bad (defined at test.civi:1") == true)
    }
}
