/// The checks that stop a listing a server would otherwise make endless or steer elsewhere: a
/// next link off the base origin or back to a page already fetched, a page number far past
/// `total_pages`, and pages that bring nothing new.
extension PageEngine {
    /// Resolves a page's `links.next` on the base origin and keeps it for the next request when
    /// it would be followed; a link to another origin, or back to a page fetched since paging
    /// last (re)started, ends the listing with an error once this page's records are delivered.
    func takeNextLink(_ link: String, of page: FetchedPage, as head: PendingPage, into s: inout PagingState) {
        let next: String
        do {
            next = try client.resolveLink(link, requestID: page.requestID)
        } catch {
            deferFailure(error, into: &s)
            return
        }
        // With pages already in flight by number, the link is not needed.
        guard s.queue.isEmpty, s.pendingDrop == 0 else { return }
        if next == head.url || s.visited.contains(next) {
            deferFailure(.badResponse(
                message: "links.next of list page \(page.page) leads back to '\(client.apiKey.redact(link))', which was "
                    + "already fetched; stopping instead of paging in a loop", requestID: page.requestID), into: &s)
            return
        }
        s.nextLink = next
    }

    private func deferFailure(_ failure: CiviClientError, into s: inout PagingState) {
        s.deferredFailure = failure
        s.exhausted = true
        s.cancelQueue()
    }

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
    /// client's writes that may move it explain it (write compensation re-reads pages on purpose).
    func checkProgress(_ page: FetchedPage, offered: Int, fresh: Int, head: PendingPage,
                       into s: inout PagingState, writes: Int) throws(CiviClientError) {
        guard offered > 0, fresh == 0, writes == 0, head.drop == 0 else {
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
