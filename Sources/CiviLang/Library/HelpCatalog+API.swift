import CiviCore

extension HelpCatalog {
    /// The API functions; list filters, sort fields and writable fields come from the resource table.
    static func apiEntries(_ table: ResourceTable) -> [HelpEntry] {
        var out: [HelpEntry] = []
        for spec in table.resources {
            out.append(listEntry(spec))
            out.append(itemEntry(spec))
        }
        for sub in table.subLists {
            if let entry = subListEntry(sub, table) { out.append(entry) }
        }
        for spec in table.resources {
            out.append(createEntry(spec))
        }
        out.append(contentsOf: writeEntries(table))
        out.append(contentsOf: rawEntries)
        return out
    }

    private static func listEntry(_ spec: ResourceSpec) -> HelpEntry {
        let params = (spec.filters.map { "\($0.name):" } + ["sort:"]).joined(separator: ", ")
        var lines = ["A lazy stream of \(spec.name) (GET \(spec.listPath)), fetched page by page as it is consumed.", "Filters (named arguments):"]
        let width = (spec.filters.map(\.name.count) + [4]).max() ?? 4
        for f in spec.filters {
            lines.append("  " + CellText.pad(f.name, to: width) + "  " + describe(f.type) + " — " + f.summary)
        }
        lines.append("  " + CellText.pad("sort", to: width) + "  \"field\" or \"-field\" (descending) — one of: " + spec.sortFields.joined(separator: ", "))
        lines.append("Any other filter is an error before a request is sent. Records carry dates for *_at fields.")
        lines.append("Record fields: " + spec.knownFields.joined(separator: ", ") + ".")
        let sample = spec.filters.first { if case .oneOf = $0.type { return true } else { return false } } ?? spec.filters.first
        var call = "\(spec.name)()"
        if let f = sample { call = "\(spec.name)(\(f.name): \(sampleValue(f.type)))" }
        return HelpEntry(spec.name, .api, signature: "\(spec.name)(\(params))",
                         summary: "Lists \(spec.name) matching the filters, as a stream.",
                         details: lines.joined(separator: "\n"),
                         example: "\(call) | take 5\n\(spec.name)(sort: \"-\(spec.sortFields.last ?? "id")\") | first")
    }

    private static func subListEntry(_ sub: SubListSpec, _ table: ResourceTable) -> HelpEntry? {
        guard let parent = table.spec(named: sub.parent), let spec = table.listing(sub, parentID: "{id}") else { return nil }
        let params = (["\(parent.singular)"] + spec.filters.map { "\($0.name):" } + ["sort:"]).joined(separator: ", ")
        let width = (spec.filters.map(\.name.count) + [4]).max() ?? 4
        var lines = ["A lazy stream of \(sub.summary) (GET \(sub.path)), like \(sub.child)() with `\(sub.impliedFilter)` given by the path.",
                     "The first argument is the \(parent.singular) record or its id. Filters (named arguments):"]
        for f in spec.filters {
            lines.append("  " + CellText.pad(f.name, to: width) + "  " + describe(f.type) + " — " + f.summary)
        }
        lines.append("  " + CellText.pad("sort", to: width) + "  \"field\" or \"-field\" (descending) — one of: " + spec.sortFields.joined(separator: ", "))
        return HelpEntry(sub.name, .api, signature: "\(sub.name)(\(params))",
                         summary: "Lists \(sub.summary), as a stream.",
                         details: lines.joined(separator: "\n"),
                         example: "c = campaigns(status: \"active\") | first\n\(sub.name)(c) | count")
    }

    private static func itemEntry(_ spec: ResourceSpec) -> HelpEntry {
        var details = "GET \(spec.itemPath). Ids start with `\(spec.idPrefix)`; a record is accepted in place of its id. A missing id is an error with status 404."
        details += "\nRecord fields: " + spec.knownFields.joined(separator: ", ") + "."
        if spec.name == "advocates" {
            details += "\nAn argument containing `@` is looked up by email (GET \(spec.listPath)?email=...)."
        }
        return HelpEntry(spec.singular, .api, signature: "\(spec.singular)(id)",
                         summary: "The \(spec.singular) with this id, as a record.",
                         details: details,
                         example: "x = \(spec.singular)(\"\(spec.idPrefix)1\")\n\(spec.singular)(x) == x     # a record stands for its id")
    }

    private static func createEntry(_ spec: ResourceSpec) -> HelpEntry {
        let name = "create_\(spec.singular)"
        return HelpEntry(name, .api, signature: "\(name)(rec)",
                         summary: "Creates \(CSVWriter.article(spec.singular)) (POST \(spec.listPath)) and returns the created record.",
                         details: "Writable fields: \(spec.writableFields.joined(separator: ", ")).\nSet by the API (an error if sent): \(spec.readOnlyFields.joined(separator: ", ")).\nValidation failures are errors whose `fields` record says what was wrong with each field. In dry-run mode nothing is sent and the request body is returned.",
                         example: createExamples[spec.name] ?? "\(name)({})")
    }

    private static func writeEntries(_ table: ResourceTable) -> [HelpEntry] {
        let updatable = table.resources.filter(\.canUpdate).map(\.name)
        let deletable = table.resources.filter(\.canDelete).map(\.name)
        return [
            HelpEntry("update", .api, signature: "update(record, changes)",
                      summary: "Changes fields of a record (PATCH /{resource}/{id}) and returns the updated record.",
                      details: "The record must have come from the API (it remembers its resource) and have an `id`. Updatable: \(list(updatable)). Only the fields in `changes` are sent; a null value clears a field.",
                      example: "a = update(a, {tags: a.tags + [\"vip\"]})"),
            HelpEntry("delete", .api, signature: "delete(record)",
                      summary: "Deletes a record (DELETE /{resource}/{id}); returns null.",
                      details: "Deletable: \(list(deletable)). Inside `for` or `each` over a stream of the same resource, every element is still visited once.",
                      example: "advocates(tag: \"test\") | each delete(it)"),
        ]
    }

    private static let rawEntries: [HelpEntry] = [
        HelpEntry("get", .api, signature: "get(path, query?)",
                  summary: "GET any path (relative to the base URL); returns the decoded JSON body.",
                  details: "`query` is a record of query parameters. HTTP errors raise an error value with status, code, message and request id.",
                  example: "page = get(\"/advocates\", {per_page: 5})\nlen(page.data)"),
        HelpEntry("post", .api, signature: "post(path, body)",
                  summary: "POST a JSON body to any path; returns the decoded JSON body.",
                  details: "Sent as is: no field checks. Dry-run mode prints it instead.",
                  example: "post(\"/advocates\", {first_name: \"Ada\", last_name: \"L\", email: \"ada@example.org\"})"),
        HelpEntry("put", .api, signature: "put(path, body)",
                  summary: "PUT a JSON body to any path; returns the decoded JSON body.",
                  details: "Sent as is. Dry-run mode prints it instead.",
                  example: "put(\"/campaigns/cmp_1\", {title: \"New title\"})"),
        HelpEntry("patch", .api, signature: "patch(path, body)",
                  summary: "PATCH a JSON body to any path; returns the decoded JSON body.",
                  details: "Sent as is. Dry-run mode prints it instead.",
                  example: "patch(\"/advocates/adv_1\", {city: \"Oakland\"})"),
        HelpEntry("request", .api, signature: "request(method, path, body?)",
                  summary: "Any HTTP method on any path; returns the decoded JSON body (null when empty).",
                  details: "`method` is a string such as \"DELETE\". The API key is sent for you and never shown.",
                  example: "request(\"DELETE\", \"/advocates/adv_1\")"),
    ]

    private static let createExamples: [String: String] = [
        "campaigns": "c = create_campaign({name: \"Clean Water\", type: \"email\", status: \"active\", tags: [\"water\"]})",
        "actions": "create_action({campaign_id: c.id, advocate_id: a.id, message: \"Please act\"})",
        "advocates": "a = create_advocate({first_name: \"Ada\", last_name: \"Lovelace\", email: \"ada@example.org\", state: \"CA\"})",
    ]

    private static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }

    static func describe(_ type: FilterType) -> String {
        switch type {
        case .string: "string"
        case .bool: "bool"
        case .dateTime: "date or ISO-8601 string"
        case .oneOf(let options): options.map { "\"\($0)\"" }.joined(separator: " | ")
        case .id(let resource): "\(resource.hasSuffix("s") ? String(resource.dropLast()) : resource) record or id"
        }
    }

    private static func sampleValue(_ type: FilterType) -> String {
        switch type {
        case .string: "\"...\""
        case .bool: "true"
        case .dateTime: "now() - days(7)"
        case .oneOf(let options): "\"\(options.first ?? "")\""
        case .id: "c"
        }
    }
}
