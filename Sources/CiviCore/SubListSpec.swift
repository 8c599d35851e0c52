/// A listing nested under one record of another resource, e.g. `/campaigns/{id}/actions`: the
/// child resource's records, its filters less the one the path implies.
public struct SubListSpec: Sendable, Equatable {
    /// The function name and path-override key, e.g. `campaign_actions`.
    public let name: String
    /// The parent resource (plural), e.g. `campaigns`.
    public let parent: String
    /// The listed resource (plural), e.g. `actions`; its records are that resource's.
    public let child: String
    /// The path with `{id}` for the parent's id, e.g. `/campaigns/{id}/actions`.
    public var path: String
    /// The child's filter that the path stands for (left out of the sub-list's filters).
    public let impliedFilter: String
    /// One line for help.
    public let summary: String

    /// Makes a sub-list description.
    public init(name: String, parent: String, child: String, path: String, impliedFilter: String, summary: String) {
        self.name = name
        self.parent = parent
        self.child = child
        self.path = path
        self.impliedFilter = impliedFilter
        self.summary = summary
    }

    /// The path for one parent id (escaped: ids are opaque).
    public func path(forID id: String) -> String {
        path.split(separator: "{id}", omittingEmptySubsequences: false)
            .joined(separator: ResourceSpec.escapePathSegment(id))
    }
}

extension ResourceTable {
    /// The sub-list named `name` (e.g. `campaign_actions`).
    public func subList(named name: String) -> SubListSpec? { subLists.first { $0.name == name } }

    /// The listing of `sub` under the parent `id`, as a resource description: the child's records,
    /// sort fields and write rules, with this path and the child's filters less the implied one.
    public func listing(_ sub: SubListSpec, parentID id: String) -> ResourceSpec? {
        guard let child = spec(named: sub.child) else { return nil }
        let implied = child.filter(named: sub.impliedFilter)
        return child.listed(at: sub.path(forID: id), filters: child.filters.filter { $0.name != sub.impliedFilter },
                            impliedReads: implied?.reads ?? [sub.impliedFilter])
    }

    /// The resource whose records a path relative to the base URL returns (a sub-list path names
    /// its child, `/campaigns/cmp_1/actions` → actions), or nil for a path the table does not know.
    public func resource(forPath path: String) -> ResourceSpec? {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        let segments = bare.split(separator: "/")
        for sub in subLists {
            let pattern = sub.path.split(separator: "/")
            guard pattern.count == segments.count else { continue }
            if zip(pattern, segments).allSatisfy({ $0 == "{id}" || $0 == $1 }) { return spec(named: sub.child) }
        }
        return resources.first { bare == $0.listPath || bare.hasPrefix($0.listPath + "/") }
    }
}
