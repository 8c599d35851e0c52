import CiviClient
import CiviCore
import Foundation
import Testing

@Suite("listings a server would make endless or truncate")
struct HostileListingTests {
    /// Drains a listing of a raw server; returns the records, the error, and the request count.
    private func list(limit: Int? = nil, perPage: Int = 3, prefetch: Int = 1,
                      _ respond: @escaping @Sendable (RawRequest, Int) -> RawResponse) async throws
        -> (records: [Record], error: CiviClientError?, requests: Int)
    {
        let api = try RequestRecorder(respond)
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2", perPage: perPage, prefetch: prefetch)
        var records: [Record] = []
        var error: CiviClientError?
        do {
            for try await page in client.list(resource: advocatesSpec, limit: limit) {
                records += page.compactMap(\.recordValue)
                if records.count > 1000 { break }
            }
        } catch let e as CiviClientError {
            error = e
        }
        await client.shutdown()
        return (records, error, api.requests.count)
    }

    @Test("a next link pointing at its own page stops `take 3` with an error, not a loop", .timeLimit(.minutes(1)))
    func selfLink() async throws {
        let (records, error, requests) = try await list(limit: 3) { r, _ in
            RawResponse(status: 200, body: listBody(["adv_1", "adv_2"], next: quoted(r.target)))
        }
        #expect(records.map(id) == ["adv_1", "adv_2"])
        #expect(requests == 1)
        guard case .badResponse(let message, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("leads back to"), "\(message)")
    }

    @Test("a next link spelled differently but leading back is caught on the second visit", .timeLimit(.minutes(1)))
    func loopingLink() async throws {
        let (_, error, requests) = try await list(limit: 3, prefetch: 0) { _, _ in
            RawResponse(status: 200, body: listBody(["adv_1", "adv_2"], next: quoted("/advocates?per_page=3&page=1")))
        }
        #expect(requests <= 3)
        #expect(error?.report.code == "bad_response")
    }

    @Test("a server that ignores `page` (fresh-looking next links, the same records) is stopped", .timeLimit(.minutes(1)),
          arguments: [0, 1, 3])
    func ignoresPage(prefetch: Int) async throws {
        let (records, error, requests) = try await list(prefetch: prefetch) { r, _ in
            let page = Int(r.query["page"] ?? "1") ?? 1
            return RawResponse(status: 200, body: listBody(["adv_1", "adv_2", "adv_3"], next: quoted("/advocates?page=\(page + 1)&per_page=3"),
                                                           meta: #"{"page":\#(page),"per_page":3,"total":3000,"total_pages":1000}"#))
        }
        #expect(records.map(id) == ["adv_1", "adv_2", "adv_3"])
        #expect(requests <= 8)
        guard case .badResponse(let message, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("repeats records already received"), "\(message)")
    }

    @Test("records without ids far past the last page counted by meta.total_pages stop the listing", .timeLimit(.minutes(1)))
    func pastTotalPages() async throws {
        let (records, error, requests) = try await list { r, n in
            let page = Int(r.query["page"] ?? "1") ?? 1
            let data = #"{"data":[{"email":"a\#(n)@x.org"},{"email":"b\#(n)@x.org"},{"email":"c\#(n)@x.org"}],"#
            let meta = n == 1 ? #""meta":{"page":1,"per_page":3,"total":6,"total_pages":2},"# : ""
            return RawResponse(status: 200, body: data + meta + #""links":{"next":"/advocates?page=\#(page + 1)&per_page=3"}}"#)
        }
        #expect(requests == 2 + 3 + 1)
        #expect(records.count == 3 * (2 + 3))
        guard case .badResponse(let message, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("meta.total_pages is 2"), "\(message)")
    }

    @Test("a malformed meta or links is an error, never an early end", arguments: [
        (#"{"page":1,"per_page":3,"total":9,"total_pages":-1}"#, #"{"next":"/advocates?page=2&per_page=3"}"#, "meta.total_pages"),
        (#"{"page":1,"per_page":3,"total":-9,"total_pages":3}"#, #"{"next":"/advocates?page=2&per_page=3"}"#, "meta.total"),
        (#"{"page":1,"per_page":3,"total":"9","total_pages":3}"#, #"{"next":"/advocates?page=2&per_page=3"}"#, "meta.total"),
        (#"{"page":1,"per_page":3,"total":9,"total_pages":3.5}"#, #"{"next":"/advocates?page=2&per_page=3"}"#, "meta.total_pages"),
        (#"[1,2]"#, #"{"next":"/advocates?page=2&per_page=3"}"#, "`meta` must be an object"),
        (#"{"page":1,"per_page":3,"total":9,"total_pages":3}"#, #""/advocates?page=2&per_page=3""#, "`links` must be an object"),
        (#"{"page":1,"per_page":3,"total":9,"total_pages":3}"#, #"{"next":2}"#, "links.next must be a string"),
        (#"{"page":1,"per_page":3,"total":9,"total_pages":3}"#, #"{"next":{"href":"/advocates?page=2"}}"#, "links.next must be a string"),
        (#"{"page":1,"per_page":3,"total":3,"total_pages":1}"#, #"{"next":"/advocates?page=2&per_page=3"}"#, "the last page"),
        (#"{"page":1,"per_page":3,"total":0,"total_pages":0}"#, #"{"next":null}"#, "meta.total_pages is 0"),
    ])
    func malformed(meta: String, links: String, expected: String) async throws {
        let (records, error, _) = try await list { r, _ in
            let page = Int(r.query["page"] ?? "1") ?? 1
            let data = (1...3).map { #"{"id":"adv_\#(page)_\#($0)"}"# }.joined(separator: ",")
            return RawResponse(status: 200, body: #"{"data":[\#(data)],"meta":\#(meta),"links":\#(links)}"#)
        }
        #expect(records.isEmpty)
        guard case .badResponse(let message, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("list page 1: "), "\(message)")
    }

    @Test("a list whose data holds something other than records is an error")
    func nonRecords() async throws {
        let (_, error, _) = try await list { _, _ in
            RawResponse(status: 200, body: #"{"data":[{"id":"adv_1"},7],"meta":{"page":1,"per_page":3,"total":2,"total_pages":1},"links":{"next":null}}"#)
        }
        #expect(error?.report.code == "bad_response")
        #expect(error?.report.message.contains("`data` holds a") == true)
    }

    @Test("count refuses a negative meta.total")
    func negativeCount() async throws {
        let api = try RequestRecorder { _, _ in
            RawResponse(status: 200, body: #"{"data":[],"meta":{"page":1,"per_page":1,"total":-1,"total_pages":0},"links":{"next":null}}"#)
        }
        defer { api.stop() }
        let client = try makeClient(api.origin + "/api/v2")
        await #expect(throws: CiviClientError.self) { _ = try await client.count(resource: advocatesSpec) }
        await client.shutdown()
    }
}
