/// The checks that stop a listing a server would otherwise make endless: a page number far past
/// `total_pages`, and pages that bring nothing new. (Next links that loop are caught in `accept`.)
extension PageEngine {
    /// Pages past `total_pages` tolerated before the listing is called endless (a few, because
    /// records created while paging may add pages that an earlier `meta` did not count).
    static let pagesPastTotal = 3
    /// Consecutive pages of nothing new tolerated without writes (one, because another client's
    /// writes can shift a page's worth of records under us).
    static let stalePagesTolerated = 1

    /// Refuses a page number past `total_pages` plus a margin, or past the contract's maximum.
    func checkCeiling(_ page: FetchedPage, _ s: PagingState) throws(CiviClientError) {
        let known = [page.totalPages, s.totalPages].compactMap { $0 }.max()
        guard !page.records.isEmpty else { return }
        if page.page > Int(Int32.max) || known.map({ page.page > $0 + Self.pagesPastTotal }) == true {
            throw .badResponse(
                message: "the listing went on to page \(page.page) although meta.total_pages is \(known ?? 0); "
                    + "stopping instead of paging forever", requestID: page.requestID)
        }
    }

    /// Stops a listing whose pages bring nothing new (a server that ignores `page`), unless this
    /// stream's own writes explain it (write compensation re-reads pages on purpose).
    func checkProgress(_ page: FetchedPage, offered: Int, fresh: Int, head: PendingPage,
                               into s: inout PagingState, writes: Int) throws(CiviClientError) {
        guard offered > 0, fresh == 0, writes == startWrites, head.drop == 0 else {
            if fresh > 0 { s.stalePages = 0 }
            return
        }
        s.stalePages += 1
        if s.stalePages > Self.stalePagesTolerated {
            throw .badResponse(
                message: "list page \(page.page) (\(client.apiKey.redact(page.url))) repeats records already received, "
                    + "as did the page before it; the server seems to ignore `page`, so civi stopped", requestID: page.requestID)
        }
    }
}
