import CiviCore
import Foundation
import Testing
@testable import CiviLang

/// The stream protocol: what `describe` says a stream will ask of its source (the `:time` lines),
/// which streams take a pushed-down `where`, and what the interpreter records as streams are read.
@Suite struct StreamProtocolTests {
    /// The description of the stream `source` evaluates to.
    private func described(_ source: String, pushdown: Bool = true) throws -> StreamDescription {
        try stream(source, pushdown: pushdown).describe()
    }

    private func stream(_ source: String, pushdown: Bool = true) throws -> any LazyStream {
        let o = run(source, host: FakeHost(advocates: 3)) { $0.pushdown = pushdown }
        guard case .stream(let s)? = o.value else { throw StreamExpected(got: o.error?.message ?? "\(String(describing: o.value))") }
        return try s.operations()
    }

    private struct StreamExpected: Error { let got: String }

    @Test func aListingDescribesItsFiltersSortLimitAndStages() throws {
        let d = try described("advocates(state: \"CA\", sort: \"-last_name\") | take 3")
        #expect(d.source == "GET /advocates")
        #expect(d.parameters == ["state=CA", "sort=-last_name"])
        #expect(d.limit == 3 && d.perPage == 3)
        #expect(d.stages == ["take 3"])
        #expect(d.pushedDown.isEmpty && !d.countsOnly)
        #expect(d.text == "GET /advocates?state=CA&sort=-last_name; at most 3 records (per_page=3); then here: take 3")
    }

    @Test func theLimitCountsSkippedRecordsAndThePageSizeStopsAtTheAPIMaximum() throws {
        let d = try described("advocates() | skip 200 | take 10 | select id")
        #expect(d.limit == 210 && d.perPage == 100)
        #expect(d.stages == ["skip 200", "take 10", "select"])
    }

    @Test func aFilterBeforeTheTakeLeavesTheListingUnlimited() throws {
        let d = try described("advocates() | where .n > 1 | take 2")
        #expect(d.limit == nil && d.perPage == nil)
        #expect(d.text == "GET /advocates; then here: where | take 2")
    }

    @Test func aPushedDownWhereIsSentAndNamed() throws {
        let d = try described("campaigns() | where .status == \"active\"")
        #expect(d.parameters == ["status=active"])
        #expect(d.pushedDown == ["status=active"])
        #expect(d.stages == ["where"], "the predicate still runs here too")
        #expect(d.text == "GET /campaigns?status=active; then here: where; pushed down: status=active")
        let off = try described("campaigns() | where .status == \"active\"", pushdown: false)
        #expect(off.parameters.isEmpty && off.pushedDown.isEmpty)
        let late = try described("campaigns() | take 5 | where .status == \"active\"")
        #expect(late.pushedDown.isEmpty, "a where after a client-side stage stays here: \(late.text)")
    }

    @Test func theHookSaysWhichStreamsTakeServerFilters() throws {
        let listing = try stream("campaigns()")
        let narrowed = listing.pushingDown([("status", .string("active"))])
        #expect(narrowed?.describe().parameters == ["status=active"])
        #expect(listing.pushingDown([("name", .string("x"))]) == nil, "campaigns have no exact `name` filter")
        let path = NSTemporaryDirectory() + "civi-stream-\(UUID().uuidString).csv"
        try "status,n\nactive,1\nclosed,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try stream("read_csv(\(ValueFormat.quote(path)), {stream: true}) | where .status == \"active\" | take 1")
        #expect(file.pushingDown([("status", .string("active"))]) == nil, "a file cannot filter for us")
        let d = file.describe()
        #expect(d.source == "read_csv(\(ValueFormat.quote(path)))")
        #expect(d.parameters.isEmpty && d.pushedDown.isEmpty && d.limit == nil)
        #expect(d.text == "read_csv(\(ValueFormat.quote(path))); then here: where | take 1")
    }

    @Test func readsAreRecordedAsTheyStartForTime() {
        let host = FakeHost(advocates: 30)
        let interp = Interpreter(host: host, options: InterpreterOptions(baseDirectory: "/tmp", environment: ["HOME": "/tmp"]))
        Workers.runOnLargeStack {
            try? interp.run("advocates(state: \"CA\") | count\ncampaigns() | where .status == \"active\" | count",
                            name: "t.civi", onValue: nil)
        }
        let counted = interp.takeStreamReads()
        #expect(counted.count == 2)
        #expect(counted.first.map(\.text) == ["GET /advocates?state=CA; the total only (per_page=1)",
                                              "GET /campaigns?status=active; then here: where; pushed down: status=active"])
        #expect(interp.takeStreamReads().count == 0, "taking the reads forgets them")
        Workers.runOnLargeStack {
            try? interp.run("advocates(state: \"CA\")", name: "t.civi", showing: .preview(rows: 5)) { _ in }
        }
        #expect(interp.takeStreamReads().first.map(\.text) == ["GET /advocates?state=CA; at most 6 records (per_page=6); then here: preview 5"])
        Workers.runOnLargeStack {
            try? interp.run("for i in range(30) { advocates() | first }", name: "t.civi", onValue: nil)
        }
        let many = interp.takeStreamReads()
        #expect(many.count == 30 && many.first.count == StreamReads.kept, "a loop's reads are counted, the first few kept")
    }

    @Test func aStreamMadeOutsideTheLanguageIsAnErrorNotACrash() {
        final class Foreign: StreamObject, @unchecked Sendable { let displayName = "foreign()" }
        let runtime = Runtime(host: nil, options: InterpreterOptions())
        #expect(throws: Fault.self) {
            _ = try Interpreter.result(of: .stream(Foreign()), showing: .preview(rows: 3), Context(runtime: runtime))
        }
        #expect((try? Stages.count(Context(runtime: runtime), .stream(Foreign()))) == nil)
    }
}
