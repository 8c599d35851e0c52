import CiviCore
import Foundation
import Synchronization

/// One list page as received: its records and the paging facts from `meta` and `links`.
struct FetchedPage: Sendable {
    /// The page number it was requested as.
    var page: Int
    /// The URL it was requested from.
    var url: String
    /// The response's `X-Request-Id`, for messages.
    var requestID: String?
    /// The records of `data`, tagged with their resource.
    var records: [Value]
    /// `meta.total`.
    var total: Int?
    /// `meta.total_pages`.
    var totalPages: Int?
    /// Whether the body had a `links` object at all.
    var hasLinks: Bool
    /// `links.next` as the server wrote it (nil when absent or null); resolved when followed.
    var next: String?
}

/// Decodes pages of one stream with one shared `ShapeCache`; the mutex serialises decoders
/// because the cache is not thread-safe, while keeping decoding off the consumer's task.
final class PageDecoder: Sendable {
    private let shapeCache = Mutex(ShapeCache())

    /// The page in `r`, its `meta` and `links` checked: a shape the client cannot trust (a
    /// negative count, a `links.next` that is not a string) is an error, never an early end.
    func decode(_ r: WireResponse, page: Int, url: String, resource: String, keySource: String,
                key: APIKey) throws -> FetchedPage {
        let v = try shapeCache.withLock { shapes in
            try ResponseDecoding.body(r, resource: resource, keySource: keySource, key: key, shapes: shapes)
        }
        let bad = { (what: String) in CiviClientError.badResponse(message: "list page \(page): \(what)", requestID: r.requestID) }
        guard case .record(let body) = v, case .list(let records)? = body["data"] else {
            throw CiviClientError.decoding(status: r.status, reason: "a list answer needs a `data` array",
                                           preview: key.redact(ResponseDecoding.preview(r.body)), requestID: r.requestID)
        }
        var out = FetchedPage(page: page, url: url, requestID: r.requestID, records: records, total: nil,
                              totalPages: nil, hasLinks: false, next: nil)
        if let item = records.first(where: { if case .record = $0 { false } else { true } }) {
            throw bad("`data` holds a \(item.typeName) where records belong")
        }
        switch body["meta"] {
        case nil, .null?:
            break
        case .record(let meta)?:
            for field in ["page", "per_page", "total", "total_pages"] {
                switch meta[field] {
                case nil: continue
                case .int(let n)? where n >= 0: if field == "total" { out.total = n } else if field == "total_pages" { out.totalPages = n }
                case let other?: throw bad("meta.\(field) must be a whole number ≥ 0, not \(Self.shown(other, key))")
                }
            }
        case let other?:
            throw bad("`meta` must be an object, not \(other.typeName)")
        }
        switch body["links"] {
        case nil, .null?:
            break
        case .record(let links)?:
            out.hasLinks = true
            switch links["next"] {
            case nil, .null?: break
            case .string(let next)?: out.next = next
            case let other?: throw bad("links.next must be a string or null, not \(Self.shown(other, key))")
            }
        case let other?:
            throw bad("`links` must be an object, not \(other.typeName)")
        }
        if let tp = out.totalPages, page > tp, !records.isEmpty {
            throw bad("it holds \(records.count) records but meta.total_pages is \(tp)")
        }
        if let tp = out.totalPages, page >= tp, let next = out.next {
            throw bad("links.next is '\(key.redact(next))' but meta.total_pages says this is the last page (\(tp))")
        }
        return out
    }

    /// A value as a message shows it: JSON text, key redacted, at most 60 characters.
    private static func shown(_ v: Value, _ key: APIKey) -> String {
        let text = key.redact((try? JSONWriter.string(v)) ?? v.typeName)
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}

extension CiviClient {
    /// Fetches and decodes one page.
    func fetchPage(url: String, page: Int, resource: String, decoder: PageDecoder) async throws -> FetchedPage {
        let r = try await send(method: "GET", url: url, body: nil)
        return try decoder.decode(r, page: page, url: url, resource: resource, keySource: keySource, key: apiKey)
    }
}
