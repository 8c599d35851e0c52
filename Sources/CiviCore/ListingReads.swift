/// Which record fields a listing reads to choose and order its records, so a client can tell
/// which of its own writes may move records in it (a PATCH of a field no filter or sort reads
/// cannot shift a page).
extension ResourceSpec {
    /// Fields the API changes on every update besides those sent: a listing filtered or sorted
    /// by one of them is moved by any PATCH.
    public static let stampedOnUpdate = ["updated_at"]
    /// The sort field of a listing that names none (the contract's default is `-created_at`).
    public static let defaultSortField = "created_at"

    /// The record fields that decide which records a listing of this resource with these query
    /// parameters (filters and `sort`) holds and in what order; nil when a parameter is not in
    /// the table, which means any write may move records.
    public func fieldsRead(by query: [(name: String, value: String)]) -> Set<String>? {
        // Ties break by id, which no write changes, so it is not listed.
        var fields = Set(impliedReads)
        var sorted = false
        for (name, value) in query {
            if name == "sort" {
                sorted = true
                fields.insert(value.hasPrefix("-") ? String(value.dropFirst()) : value)
                continue
            }
            guard let filter = filter(named: name) else { return nil }
            fields.formUnion(filter.reads)
        }
        if !sorted { fields.insert(Self.defaultSortField) }
        return fields
    }
}
