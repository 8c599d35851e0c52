import CiviCore
import CiviLang

extension CompletionVocabulary {
    /// The session's vocabulary: the language's names, `variables`, and for every API listing
    /// (resources and sub-lists of `resources`) its filters, record fields and enum filter values.
    init(resources: ResourceTable, variables: [String: Value], workingDirectory: String) {
        var filters: [String: [String]] = [:]
        var fields: [String: [String]] = [:]
        var values: [String: [String: [String]]] = [:]
        let listings = resources.resources.map { ($0.name, $0) }
            + resources.subLists.compactMap { sub in resources.listing(sub, parentID: "").map { (sub.name, $0) } }
        for (name, spec) in listings {
            filters[name] = spec.filters.map(\.name) + ["sort"]
            fields[name] = spec.knownFields
            for f in spec.filters {
                if case .oneOf(let options) = f.type { values[name, default: [:]][f.name] = options }
            }
            values[name, default: [:]]["sort"] = spec.sortFields + spec.sortFields.map { "-" + $0 }
        }
        self.init(
            variables: variables,
            keywords: LanguageNames.keywords,
            builtins: LanguageNames.builtins,
            stages: LanguageNames.stages,
            apiFilters: filters,
            apiFunctions: LanguageNames.apiFunctions,
            listFields: fields,
            filterValues: values,
            metaCommands: MetaCommands.names,
            helpTopics: HelpCatalog.entries.map(\.name),
            workingDirectory: workingDirectory
        )
    }
}
