import CiviCore
import Testing
@testable import CiviLang

/// A pipeline's big input of plain data is released on a helper thread (`LateRelease`).
@Suite struct LateReleaseTests {
    @Test("only big lists of plain data go to a helper; functions and streams stay on the interpreter's thread")
    func whatIsHandedOver() {
        let record = Value.record(Record([("n", .int(1)), ("tags", .list([.string("a")])), ("at", .date(Instant(seconds: 0)))]))
        let big = [Value](repeating: record, count: LateRelease.minimumCount)
        #expect(LateRelease.drop(.list(big)))
        #expect(!LateRelease.drop(.list(Array(big.prefix(10)))))
        #expect(!LateRelease.drop(.int(3)))
        let result = run("fn f(x) { x }\n[f]")
        guard case .list(let fs)? = result.value, let f = fs.first else { Issue.record("no function"); return }
        var withFunction = big
        withFunction[LateRelease.minimumCount - 1] = .record(Record([("deep", .list([f]))]))
        #expect(!LateRelease.drop(.list(withFunction)))
    }

    @Test("a big list piped on is still whole afterwards, and the pipeline's answer is right")
    func sourceSurvives() {
        let o = run("""
            xs = range(120000) | map {n: it, even: it % 2 == 0}
            a = xs | where .even | count
            b = xs | where .n >= 119990 | count
            [a, b, len(xs), xs[119999].n]
            """)
        #expect(o.error == nil, "\(String(describing: o.error?.message))")
        #expect(o.value == .list([.int(60000), .int(10), .int(120000), .int(119999)]))
    }
}
