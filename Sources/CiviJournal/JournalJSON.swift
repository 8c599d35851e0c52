import CiviCore

/// Bodies and images are kept as JSON text and read back as the client reads responses
/// (dates converted), so a journaled value compares equal to the same value read from the API.
enum JournalJSON {
    /// The JSON text of `value`, or nil (a value JSON cannot hold is kept as its description).
    static func text(_ value: Value?) -> String? {
        guard let value else { return nil }
        return (try? JSONWriter.string(value)) ?? "\"\(value.typeName)\""
    }

    /// The value of `text`, tagged with `resource`; nil for nil or unreadable text.
    static func value(_ text: String?, resource: String?) -> Value? {
        guard let text else { return nil }
        return try? JSONReader.read(Array(text.utf8), options: JSONReader.Options(resource: resource))
    }
}
