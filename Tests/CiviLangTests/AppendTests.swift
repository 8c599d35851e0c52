import CiviCore
import Testing
@testable import CiviLang

/// `xs += [v]` and `s += t` grow the variable in place (amortised O(1)), keeping value semantics.
@Suite struct AppendTests {
    /// Programs that append `n` times to a local, a top-level variable, a captured variable and a string.
    static func program(_ shape: String, _ n: Int) -> String {
        switch shape {
        case "local list": "fn build(n) { xs = []; i = 0; while i < n { xs += [{id: i}]; i += 1 }; xs }\nlen(build(\(n)))"
        case "top-level list": "xs = []\ni = 0\nwhile i < \(n) { xs += [i]; i += 1 }\nlen(xs)"
        case "field list": "r = {items: [[]]}\nfor i in range(\(n)) { r.items[0] += [i] }\nlen(r.items[0])"
        case "captured list": "fn build(n) { xs = []; add = v => { xs += [v] }; for i in range(n) { add(i) }; xs }\nlen(build(\(n)))"
        // 20 characters a step, so that copying the string each time would dominate the loop.
        default: "s = \"\"\nfor i in range(\(n)) { s += str(i % 10) + \"abcdefghijklmnopqrs\" }\nlen(s) / 20"
        }
    }

    /// Seconds to run `source` (the best of two runs, to damp scheduling noise).
    func seconds(_ source: String, expect result: Value) -> Double {
        var best = Double.infinity
        for _ in 0..<2 {
            let start = ContinuousClock.now
            let o = run(source)
            let d = ContinuousClock.now - start
            #expect(o.error == nil, "\(String(describing: o.error?.message))")
            #expect(o.value == result)
            best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        return best
    }

    /// 20 times the appends may take at most 60 times as long: linear growth gives about 20,
    /// copying on every append (quadratic) about 400.
    @Test(arguments: ["local list", "top-level list", "captured list", "field list", "string"])
    func appendsAreAmortisedConstant(shape: String) {
        let small = 10_000, large = 200_000
        let a = seconds(Self.program(shape, small), expect: .int(small))
        let b = seconds(Self.program(shape, large), expect: .int(large))
        #expect(b < 60 * a, "\(shape): \(large) appends took \(b) s, \(small) took \(a) s (ratio \(b / a))")
    }

    @Test func appendingKeepsValueSemantics() {
        #expect(value("a = [1]\nb = a\nb += [2]\n[a, b]") == .list([.list([.int(1)]), .list([.int(1), .int(2)])]))
        #expect(value("a = \"long enough to live in a buffer of its own, not inline\"\nb = a\nb += \"!\"\na")
                == .string("long enough to live in a buffer of its own, not inline"))
        #expect(value("fn f() { a = [1]; b = a; b += [2]; [a, b] }\nf()") == .list([.list([.int(1)]), .list([.int(1), .int(2)])]))
        #expect(value("xs = [1]\nkept = [xs]\nxs += [2]\n[kept, xs]") == .list([.list([.list([.int(1)])]), .list([.int(1), .int(2)])]))
        #expect(value("xs = [1]\nf = () => xs\nxs += [2]\nf()") == .list([.int(1), .int(2)]), "closures see the variable, not a copy")
        #expect(value("a = {items: [1]}\nb = a\nb.items += [2]\n[a.items, b.items]")
                == .list([.list([.int(1)]), .list([.int(1), .int(2)])]))
        #expect(value("xs = [[1]]\ninner = xs[0]\nxs[0] += [2]\n[inner, xs]")
                == .list([.list([.int(1)]), .list([.list([.int(1), .int(2)])])]))
    }

    @Test func theRightSideSeesTheOldValueAndMayReassign() {
        #expect(value("xs = [1, 2]\nxs += [len(xs)]\nxs") == .list([.int(1), .int(2), .int(2)]))
        #expect(value("s = \"ab\"\ns += s\ns") == .string("abab"))
        // The variable is read before the right side runs, as for any operand.
        #expect(value("xs = [1]\nfn g() { xs = [7, 8, 9]; [0] }\nxs += g()\nxs") == .list([.int(1), .int(0)]))
        #expect(value("n = 1\nfn g() { n = 10; 1 }\nn += g()\nn") == .int(2))
    }

    @Test func failedAppendsLeaveTheVariable() {
        let o = run("xs = [1]\ntry { xs += 5 } catch e { print(e.message) }\nxs")
        #expect(o.value == .list([.int(1)]))
        #expect(o.printed.first?.contains("cannot apply `+` to list and int") == true, "\(o.printed)")
        #expect(errorMessage("xs = [1]\nr = range(2) | parallel 2 (x => { xs += [x] })")
                == "cannot assign to `xs` inside `parallel`: variables outside it are read-only there")
        #expect(errorMessage("fn f() { xs = [1]; range(2) | parallel 2 (x => { xs += [x] }) }\nf()")?.contains("inside `parallel`") == true)
    }
}
