import CiviCore
import Testing
@testable import CiviLang

/// What the language asks of the host: validated filters, lazy streams, paging, writes.
@Suite struct APIBindingTests {
    @Test func unknownFilterFailsBeforeAnyRequest() {
        let host = FakeHost(advocates: 5)
        let o = run("advocates(colour: \"blue\") | count", host: host)
        #expect(o.error?.message.contains("valid filters: email, q, state") == true)
        #expect(o.error?.kind == .syntax, "found before anything runs, like an unknown name")
        #expect(host.log.requests == 0)
        let late = run("g = advocates; g(colour: \"blue\") | count", host: host)
        #expect(late.error?.kind == .runtime && late.error?.message.contains("valid filters") == true,
                "at run time when the compiler cannot see which function is called")
        let caught = run("try { advocates(colour: 1) } catch e { e.status == null and contains(e.message, \"zip\") }", host: host)
        #expect(caught.value == .bool(true))
    }

    @Test func filterValuesAreCheckedAndEncoded() {
        let host = FakeHost()
        _ = run("advocates(email_opt_in: true, campaign_id: {id: \"cmp_1\"}, updated_since: date(\"2026-01-02T00:00:00Z\")) | count", host: host)
        #expect(host.log.counts == 1)
        #expect(run("advocates(email_opt_in: \"yes\")", host: host).error?.message == "advocates(email_opt_in:) expects true or false, got string")
        #expect(run("campaigns(status: \"open\")", host: host).error?.message.contains("must be one of draft, active") == true)
        #expect(run("advocates(sort: \"shoe\")", host: host).error?.message.contains("cannot be sorted by `shoe`") == true)
    }

    @Test func plainCountIsOneCountRequest() {
        let host = FakeHost(advocates: 25)
        #expect(run("advocates(state: \"CA\") | count", host: host).value == .int(9))
        #expect(host.log.counts == 1)
        #expect(host.log.lists.isEmpty)
    }

    @Test func whereAndMapStayLazyUntilConsumed() {
        let host = FakeHost(advocates: 25)
        let o = run("s = advocates() | where .state == \"NY\" | map .n\nhost_calls = 0\ns | collect", host: host)
        #expect(o.value == .list([1, 4, 7, 10, 13, 16, 19, 22].map { .int($0) }))
        #expect(host.log.lists.count == 1)
        #expect(host.log.lists.first?.wantsAll == true)
        #expect(run("advocates() | where .n > 100", host: host).value.map { if case .stream = $0 { true } else { false } } == true)
        #expect(host.log.lists.count == 1, "building a stream sends nothing")
    }

    @Test func takeLimitsTheQueryAndStopsFetching() {
        let host = FakeHost(advocates: 100, pageSize: 10)
        #expect(run("advocates() | take 3 | map .n | collect", host: host).value == .list([0, 1, 2].map { .int($0) }))
        #expect(host.log.lists.first?.limit == 3)
        #expect(host.log.pagesServed == 1)
        let h2 = FakeHost(advocates: 100, pageSize: 10)
        #expect(run("advocates() | where .state == \"OR\" | take 2 | map .n | collect", host: h2).value == .list([.int(2), .int(5)]))
        #expect(h2.log.pagesServed == 1, "take after where stops after the first page that fills it")
        #expect(run("(advocates() | first).n", host: h2).value == .int(0))
    }

    @Test func forOverAStreamPullsPageByPage() {
        let host = FakeHost(advocates: 35, pageSize: 10)
        let o = run("n = 0\nfor a in advocates() { n += 1; if n == 12 { break } }\nn", host: host)
        #expect(o.value == .int(12))
        #expect(host.log.pagesServed == 2)
    }

    /// `each` streams like `for` (memory stays flat): it hands every element to EXPR as its page
    /// arrives. Compensating for pages shifted by deletes is the client's job (its paging tests and
    /// scenario 05 check that against the real sandbox); over a fixed listing every element is seen.
    @Test func eachStreamsPageByPage() {
        let host = FakeHost(advocates: 25, pageSize: 10)
        #expect(run("advocates() | each delete(it)", host: host).value == .int(25))
        #expect(host.log.deletes.count == 25)
        #expect(host.log.pagesServed == 3)
    }

    @Test func pushdownSendsEqualitiesToTheServerWithSameResults() {
        let script = "actions(type: \"email\") | collect\ncampaigns() | where .status == \"active\" and .type == \"call\" and .name != null | count"
        let on = FakeHost(), off = FakeHost()
        let a = run(script, host: on)
        let b = run(script, host: off) { $0.pushdown = false }
        #expect(a.value == b.value)
        #expect(on.log.lists.last?.filters.map(\.name) == ["status", "type"])
        #expect(off.log.lists.last?.filters.isEmpty == true)
        let people = FakeHost(advocates: 9)
        _ = run("advocates() | where .state == \"CA\" | count", host: people)
        #expect(people.log.lists.last?.filters.isEmpty == true, "free-text filters are not pushed (server matching may differ)")
    }

    @Test func consumingTwiceAsksTwice() {
        let host = FakeHost(advocates: 4)
        _ = run("s = advocates()\na = s | collect\nb = s | collect", host: host)
        #expect(host.log.lists.count == 2)
    }

    @Test func parallelKeepsOrderAndRaisesTheElementError() {
        let host = FakeHost()
        let o = run("range(20) | parallel 4 create_advocate({email: \"x${it}@e.org\", n: it}) | map .n", host: host)
        #expect(o.value == .list((0..<20).map { .int($0) }))
        #expect(host.log.creates.count == 20)
        let bad = run("range(6) | parallel 3 (if it == 4 { error(\"bad ${it}\") } else { it })", host: host)
        #expect(bad.error?.message == "bad 4")
        let caught = run("range(4) | parallel 2 (try { error(\"x\") } catch e { it })", host: host)
        #expect(caught.value == .list((0..<4).map { .int($0) }))
    }

    @Test func parallelCannotAssignOuterVariables() {
        let o = run("total = 0\nrange(3) | parallel 2 (total = 1)")
        #expect(o.error != nil)
        let inner = run("n = 0\nxs = range(3) | parallel 2 (x => { n += 1 })")
        #expect(inner.error?.message.contains("inside `parallel`") == true, "\(String(describing: inner.error?.message))")
    }

    @Test func recordsRememberTheirResourceForWrites() {
        let host = FakeHost(advocates: 3)
        let o = run("a = advocate(\"adv_1\")\nb = update(a, {state: \"WA\"})\ndelete({id: \"adv_2\"})\nb.state", host: host)
        #expect(o.value == .string("WA"))
        #expect(host.log.updates.first?.0 == "adv_1")
        #expect(host.log.deletes == ["adv_2"])
        #expect(run("delete({id: \"zzz_1\"})", host: host).error?.message.contains("cannot tell which resource") == true)
    }

    @Test func hostErrorsBecomeCatchableRecords() {
        let host = FakeHost()
        let o = run("try { advocate(\"adv_none\") } catch e { [e.status, e.code, e.request_id, e.line] }", host: host)
        #expect(o.value == .list([.int(404), .string("not_found"), .string("req_1"), .int(1)]))
        let v = run("try { create_advocate({email: \"bad\"}) } catch e { e.fields.email }", host: host)
        #expect(v.value == .string("is not an email"))
        let uncaught = run("advocate(\"adv_none\")", host: host).error
        #expect(uncaught?.report?.status == 404)
        #expect(uncaught?.render(color: false).contains("status 404, code not_found, request id req_1") == true)
    }

    @Test func dryRunPassesThroughWhatTheHostReturns() {
        let host = FakeHost(dryRun: true)
        #expect(run("create_advocate({email: \"a@b.org\"}).email", host: host).value == .string("a@b.org"))
        #expect(host.log.creates.isEmpty)
    }

    @Test func rawRequestsAndByEmail() {
        let host = FakeHost(advocates: 3)
        let o = run("get(\"/advocates\", {per_page: 3, page: 2}).query", host: host)
        #expect(o.value == .record(Record([("per_page", .string("3")), ("page", .string("2"))])))
        #expect(run("post(\"x\", {a: 1}).path", host: host).value == .string("/x"))
        #expect(run("advocate(\"p2@example.org\").id", host: host).value == .string("adv_2"))
    }

    @Test func withoutAHostAPICallsSayNoConnection() {
        #expect(errorMessage("campaigns() | count") == "no API connection")
    }

    @Test func streamPreviewShowsFirstItemsAndMore() throws {
        let host = FakeHost(advocates: 30)
        let first = show("advocates()", host: host, showing: .preview(rows: 5))
        guard case .preview(let p)? = first.results.first else {
            Issue.record("expected a preview, got \(first)")
            return
        }
        #expect(p.items.count == 5)
        #expect(p.hasMore)
        #expect(p.total == 30)
        #expect(p.footer == "5 of 30 — `| collect` to fetch all")
        guard case .value(.list(let all))? = show("advocates()", host: host, showing: .all).results.first else {
            Issue.record("expected every element as a list")
            return
        }
        #expect(all.count == 30)
        guard case .preview(let whole)? = show("advocates()", host: host, showing: .preview(rows: 50)).results.first else {
            Issue.record("expected a preview")
            return
        }
        #expect(!whole.hasMore && whole.footer == "(30 rows)")
    }

    @Test func replKnowsWhenInputIsIncomplete() {
        let interp = Interpreter(host: nil, options: InterpreterOptions())
        #expect(interp.isIncomplete("if x {"))
        #expect(interp.isIncomplete("xs |"))
        #expect(interp.isIncomplete("f(1,\n2"))
        #expect(interp.isIncomplete("s = \"\"\"\nabc"))
        #expect(!interp.isIncomplete("x = 1"))
        #expect(!interp.isIncomplete("x = )"))
    }
}
