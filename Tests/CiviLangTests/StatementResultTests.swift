import CiviCore
import Testing
@testable import CiviLang

/// The interpreter makes what a statement shows as part of running it: a stream's preview (or all
/// of it) is read inside the statement, so its failures point at the statement, and nothing is
/// left to read once `run` has returned.
@Suite struct StatementResultTests {
    private static let serverError = FakeError(report: ErrorReport(message: "internal server error", status: 500,
                                                                   code: "internal", requestID: "req_500"))

    @Test func aFailingPreviewReportsTheStatementsLocation() {
        for showing in [StreamShowing.preview(rows: 25), .all] {
            let host = BlockingHost(advocates: 5)
            host.fail(with: Self.serverError)
            let o = show("n = 1\n  advocates(state: \"CA\") | select id\n", host: host, showing: showing)
            #expect(o.results.isEmpty)
            #expect(o.error?.message == "internal server error")
            #expect(o.error?.kind == .runtime)
            #expect(o.error?.file == "test.civi")
            #expect(o.error?.line == 2 && o.error?.column == 3, "\(String(describing: o.error))")
            #expect(o.error?.sourceLine == "  advocates(state: \"CA\") | select id")
            #expect(o.error?.report?.status == 500)
        }
    }

    @Test func anEarlierStatementsPreviewIsShownBeforeALaterFailure() {
        let o = show("advocates() | take 2\n1 / 0", host: FakeHost(advocates: 5), showing: .preview(rows: 25))
        guard case .preview(let p)? = o.results.first else {
            Issue.record("expected the first statement's preview: \(o)")
            return
        }
        #expect(p.items.count == 2 && p.footer == "(2 rows)")
        #expect(o.error?.line == 2)
    }

    @Test func everythingToShowIsReadBeforeRunReturns() {
        let host = FakeHost(advocates: 40, pageSize: 10)
        let o = show("advocates() | where .n % 2 == 0\n[1, 2]\nnull", host: host, showing: .preview(rows: 5))
        #expect(o.error == nil)
        #expect(o.results.count == 2, "null shows nothing")
        guard case .preview(let p)? = o.results.first, case .value(let list)? = o.results.last else {
            Issue.record("expected a preview and a value: \(o)")
            return
        }
        #expect(p.items.count == 5 && p.hasMore && p.total == nil)
        #expect(p.footer == "5 shown, more exist — `| collect` to fetch all")
        #expect(list == .list([.int(1), .int(2)]))
        let all = show("advocates() | where .n % 2 == 0", host: host, showing: .all)
        guard case .value(.list(let items))? = all.results.first else {
            Issue.record("expected every element as a list: \(all)")
            return
        }
        #expect(items.count == 20)
    }

    @Test func plainRunStillHandsStreamsOverUnread() {
        let host = FakeHost(advocates: 5)
        let o = run("advocates()", host: host)
        guard case .stream? = o.value else {
            Issue.record("expected the stream itself")
            return
        }
        #expect(host.log.requests == 0, "nothing was read")
    }
}
