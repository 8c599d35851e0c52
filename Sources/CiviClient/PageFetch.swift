import CiviCore
import Foundation

/// One list page as received: its records and the paging facts from `meta` and `links`.
struct FetchedPage: Sendable {
    /// The page number it was requested as.
    var page: Int
    /// The records of `data`, tagged with their resource.
    var records: [Value]
    /// `meta.total`.
    var total: Int?
    /// `meta.total_pages`.
    var totalPages: Int?
    /// Whether the body had a `links` object at all.
    var hasLinks: Bool
    /// `links.next` (nil when absent or null).
    var next: String?
}

/// Decodes pages of one stream with one shared `ShapeCache`; the lock serialises decoders
/// because the cache is not thread-safe, while keeping decoding off the consumer's task.
final class PageDecoder: @unchecked Sendable {
    private let shapes = ShapeCache()
    private let lock = NSLock()

    func decode(_ r: WireResponse, page: Int, resource: String, keySource: String, key: APIKey) throws -> FetchedPage {
        lock.lock()
        defer { lock.unlock() }
        let v = try ResponseDecoding.body(r, resource: resource, keySource: keySource, key: key, shapes: shapes)
        guard case .record(let body) = v, case .list(let records)? = body["data"] else {
            throw CiviClientError.decoding(status: r.status, reason: "a list answer needs a `data` array",
                                           preview: key.redact(ResponseDecoding.preview(r.body)), requestID: r.requestID)
        }
        var out = FetchedPage(page: page, records: records, total: nil, totalPages: nil, hasLinks: false, next: nil)
        if case .record(let meta)? = body["meta"] {
            if case .int(let t)? = meta["total"] { out.total = t }
            if case .int(let p)? = meta["total_pages"] { out.totalPages = p }
        }
        if case .record(let links)? = body["links"] {
            out.hasLinks = true
            out.next = links["next"]?.stringValue
        }
        return out
    }
}

extension CiviClient {
    /// Fetches and decodes one page.
    func fetchPage(url: String, page: Int, resource: String, decoder: PageDecoder) async throws -> FetchedPage {
        let r = try await send(method: "GET", url: url, body: nil)
        return try decoder.decode(r, page: page, resource: resource, keySource: keySource, key: apiKey)
    }
}
