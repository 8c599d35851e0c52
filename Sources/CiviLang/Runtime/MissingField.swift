import CiviCore

/// Reading a field that a record does not have. For plain records (literals, files) that is null;
/// for a record the API returned (tagged with its resource and carrying its `id`) a name that is
/// not among the resource's known fields is a typo, and reading it as null would silently make a
/// `where` match nothing or a `select` column empty — so it is an error with a did-you-mean.
enum MissingField {
    /// Null, or the typo error, for `record.name` when the record has no `name`.
    static func value(_ record: Record, _ name: String, _ runtime: Runtime) throws -> Value {
        guard let resource = record.resource, record["id"] != nil,
              let spec = (runtime.host?.resources ?? ResourceTable.civiClick).spec(named: resource),
              !spec.knownFields.contains(name) else { return .null }
        throw typo(name, of: spec, besides: record.keys)
    }

    /// The error for `name` when `spec`'s records (which may also carry `keys`) have no such
    /// field; `civi check` reports the same before anything runs.
    static func typo(_ name: String, of spec: ResourceSpec, besides keys: [String] = []) -> Fault {
        let candidates = Array(Set(spec.knownFields + keys)).sorted()
        let near = nearest(to: name, among: candidates, within: max(2, name.count / 3))
        let guess = near.map { "; did you mean `\($0)`?" } ?? ""
        return Fault("\(spec.singular) has no field `\(name)`\(guess)",
                     hint: "read a field that may be absent with `.\(name)?` or get(r, \"\(name)\") (null when missing)")
    }
}
