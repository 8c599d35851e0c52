/// The type of a list filter, used to check and encode its value before any request.
public enum FilterType: Sendable, Equatable {
    /// Free text.
    case string
    /// `true` / `false`.
    case bool
    /// An ISO-8601 timestamp (a date value or a string).
    case dateTime
    /// One of a fixed set of strings.
    case oneOf([String])
    /// The id of a record of the named resource (a record or an id string is accepted).
    case id(resource: String)
}

/// One filter a list endpoint accepts.
public struct FilterSpec: Sendable, Equatable {
    /// The query parameter name, e.g. `state`.
    public let name: String
    /// What values it takes.
    public let type: FilterType
    /// One line for help and completion.
    public let summary: String
    /// The record fields the filter tests (a write changing none of them cannot move a record
    /// into or out of a listing with this filter).
    public let reads: [String]

    /// Makes a filter description; `reads` defaults to the field of the filter's own name.
    public init(_ name: String, _ type: FilterType, _ summary: String, reads: [String]? = nil) {
        self.name = name
        self.type = type
        self.summary = summary
        self.reads = reads ?? [name]
    }
}

/// Everything civi knows about one API resource: paths, filters, fields, id prefix.
public struct ResourceSpec: Sendable, Equatable {
    /// Plural name, e.g. `advocates` (also the list function's name).
    public let name: String
    /// Singular name, e.g. `advocate` (the get-by-id function's name).
    public let singular: String
    /// The id prefix, e.g. `adv_`.
    public let idPrefix: String
    /// The list path (relative to the base URL), e.g. `/advocates`.
    public var listPath: String
    /// The item path with `{id}`, e.g. `/advocates/{id}`.
    public var itemPath: String
    /// The filters the list endpoint accepts (besides page, per_page and sort).
    public let filters: [FilterSpec]
    /// Fields the list can be sorted by (`sort: "field"` or `"-field"`).
    public let sortFields: [String]
    /// Fields accepted on create and update.
    public let writableFields: [String]
    /// Fields the API computes; sending them is an error.
    public let readOnlyFields: [String]
    /// Fields the API returns beyond the writable and read-only ones (from configuration).
    public var extraFields: [String] = []
    /// Whether records can be updated (PATCH) and deleted (DELETE).
    public let canUpdate: Bool
    /// Whether records can be deleted.
    public let canDelete: Bool
    /// The fields a filter implied by `listPath` reads (a sub-list's, see `SubListSpec`).
    public var impliedReads: [String] = []

    /// Every field a record of this resource may have: a field outside these that a record
    /// lacks is a typo, not a missing value.
    public var knownFields: [String] { readOnlyFields + writableFields + extraFields }

    /// The item path for one id.
    public func path(forID id: String) -> String {
        itemPath.split(separator: "{id}", omittingEmptySubsequences: false)
            .joined(separator: ResourceSpec.escapePathSegment(id))
    }

    /// This resource listed at another path with other filters (a sub-list, see `SubListSpec`);
    /// `impliedReads` are the fields the filter the path stands for reads.
    public func listed(at path: String, filters: [FilterSpec], impliedReads: [String] = []) -> ResourceSpec {
        var spec = ResourceSpec(name: name, singular: singular, idPrefix: idPrefix, listPath: path, itemPath: itemPath,
                                filters: filters, sortFields: sortFields, writableFields: writableFields,
                                readOnlyFields: readOnlyFields, extraFields: extraFields, canUpdate: canUpdate,
                                canDelete: canDelete)
        spec.impliedReads = impliedReads
        return spec
    }

    /// The filter named `name`, if the resource has it.
    public func filter(named name: String) -> FilterSpec? { filters.first { $0.name == name } }

    /// Percent-escapes a path segment (ids are opaque; never trust them to be URL-safe).
    public static func escapePathSegment(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out.append("%")
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return out
    }
}

/// The table of every resource: the single place paths live, overridable from config.
public struct ResourceTable: Sendable, Equatable {
    /// The resources, in display order.
    public private(set) var resources: [ResourceSpec]
    /// The listings nested under a record of another resource.
    public private(set) var subLists: [SubListSpec]

    /// Makes a table from resource and sub-list descriptions.
    public init(resources: [ResourceSpec], subLists: [SubListSpec] = []) {
        self.resources = resources
        self.subLists = subLists
    }

    /// The resource with plural or singular name `name`.
    public func spec(named name: String) -> ResourceSpec? {
        resources.first { $0.name == name || $0.singular == name }
    }

    /// The resource whose ids start with the prefix of `id` (e.g. `adv_…`).
    public func spec(forID id: String) -> ResourceSpec? {
        resources.first { id.hasPrefix($0.idPrefix) }
    }

    /// Adds fields the API returns for `resource` beyond the contract's (configuration's `fields`).
    /// Returns an error message for an unknown resource or a name that is not a field name.
    public mutating func addKnownFields(_ names: [String], to resource: String) -> String? {
        guard let n = resources.firstIndex(where: { $0.name == resource || $0.singular == resource }) else {
            return "unknown resource '\(resource)'; known: \(resources.map(\.name).joined(separator: ", "))"
        }
        if let bad = names.first(where: { $0.isEmpty || $0.contains(where: { $0.isWhitespace }) }) {
            return "'\(bad)' is not a field name"
        }
        resources[n].extraFields += names.filter { !resources[n].knownFields.contains($0) }
        return nil
    }

    /// The keys accepted by `overridePath`: `advocates` (list), `advocate` (item), etc., and the
    /// sub-lists' names (`campaign_actions`).
    public var pathKeys: [String] { resources.flatMap { [$0.name, $0.singular] } + subLists.map(\.name) }

    /// Replaces one path: key `advocates` sets the list path, `advocate` the item path
    /// (which must contain `{id}`). Returns an error message for a bad key or path.
    public mutating func overridePath(_ key: String, with path: String) -> String? {
        guard path.hasPrefix("/") else { return "path for '\(key)' must start with '/': \(path)" }
        for n in resources.indices {
            if resources[n].name == key {
                resources[n].listPath = path
                return nil
            }
            if resources[n].singular == key {
                guard path.contains("{id}") else { return "item path for '\(key)' must contain {id}: \(path)" }
                resources[n].itemPath = path
                return nil
            }
        }
        if let n = subLists.firstIndex(where: { $0.name == key }) {
            guard path.contains("{id}") else { return "sub-list path for '\(key)' must contain {id}: \(path)" }
            subLists[n].path = path
            return nil
        }
        return "unknown path key '\(key)'; known keys: \(pathKeys.joined(separator: ", "))"
    }
}

extension ResourceTable {
    /// The CiviClick 2.0 contract (`shared/api/civiclick-2.0.yaml`).
    public static let civiClick = ResourceTable(resources: [
        ResourceSpec(
            name: "campaigns", singular: "campaign", idPrefix: "cmp_",
            listPath: "/campaigns", itemPath: "/campaigns/{id}",
            filters: [
                FilterSpec("status", .oneOf(["draft", "active", "paused", "closed"]), "campaign status"),
                FilterSpec("type", .oneOf(["email", "call", "petition", "social", "text"]), "action type"),
                FilterSpec("tag", .string, "has this tag", reads: ["tags"]),
                FilterSpec("q", .string, "case-insensitive substring of name or title", reads: ["name", "title"]),
                FilterSpec("updated_since", .dateTime, "updated at or after this time", reads: ["updated_at"]),
            ],
            sortFields: ["id", "name", "title", "type", "status", "goal", "action_count", "advocate_count",
                         "starts_at", "ends_at", "created_at", "updated_at"],
            writableFields: ["name", "title", "description", "type", "status", "goal", "tags", "targets", "starts_at", "ends_at"],
            readOnlyFields: ["id", "action_count", "advocate_count", "created_at", "updated_at"],
            canUpdate: true, canDelete: false
        ),
        ResourceSpec(
            name: "actions", singular: "action", idPrefix: "act_",
            listPath: "/actions", itemPath: "/actions/{id}",
            filters: [
                FilterSpec("campaign_id", .id(resource: "campaigns"), "submitted on this campaign"),
                FilterSpec("advocate_id", .id(resource: "advocates"), "submitted by this advocate"),
                FilterSpec("type", .oneOf(["email", "call", "petition", "social", "text"]), "action type"),
                FilterSpec("status", .oneOf(["delivered", "pending", "failed"]), "delivery status"),
                FilterSpec("created_after", .dateTime, "created at or after this time", reads: ["created_at"]),
                FilterSpec("created_before", .dateTime, "created before this time", reads: ["created_at"]),
            ],
            sortFields: ["id", "campaign_id", "advocate_id", "type", "status", "subject", "source", "created_at"],
            writableFields: ["campaign_id", "advocate_id", "type", "subject", "message", "source"],
            readOnlyFields: ["id", "status", "targets", "created_at"],
            canUpdate: false, canDelete: false
        ),
        ResourceSpec(
            name: "advocates", singular: "advocate", idPrefix: "adv_",
            listPath: "/advocates", itemPath: "/advocates/{id}",
            filters: [
                FilterSpec("email", .string, "exact email, case-insensitive"),
                FilterSpec("q", .string, "case-insensitive substring of first name, last name or email",
                           reads: ["first_name", "last_name", "email"]),
                FilterSpec("state", .string, "two-letter US state code"),
                FilterSpec("zip", .string, "ZIP code"),
                FilterSpec("tag", .string, "has this tag", reads: ["tags"]),
                FilterSpec("campaign_id", .id(resource: "campaigns"), "took part in this campaign", reads: ["campaign_ids"]),
                FilterSpec("email_opt_in", .bool, "opted in to email"),
                FilterSpec("sms_opt_in", .bool, "opted in to SMS"),
                FilterSpec("updated_since", .dateTime, "updated at or after this time", reads: ["updated_at"]),
                FilterSpec("created_after", .dateTime, "created at or after this time", reads: ["created_at"]),
            ],
            sortFields: ["id", "first_name", "last_name", "email", "phone", "city", "state", "zip", "country",
                         "email_opt_in", "sms_opt_in", "action_count", "created_at", "updated_at"],
            writableFields: ["first_name", "last_name", "email", "phone", "address1", "address2", "city", "state",
                             "zip", "country", "email_opt_in", "sms_opt_in", "tags", "custom_fields"],
            readOnlyFields: ["id", "campaign_ids", "action_count", "created_at", "updated_at"],
            canUpdate: true, canDelete: true
        ),
    ], subLists: [
        SubListSpec(name: "campaign_actions", parent: "campaigns", child: "actions",
                    path: "/campaigns/{id}/actions", impliedFilter: "campaign_id",
                    summary: "the submissions of one campaign"),
        SubListSpec(name: "campaign_advocates", parent: "campaigns", child: "advocates",
                    path: "/campaigns/{id}/advocates", impliedFilter: "campaign_id",
                    summary: "the advocates who took part in one campaign (existing advocates only)"),
    ])
}
