import CiviCore

/// A field of a request body: missing, explicitly null, or a value.
enum InputField<T> {
    case absent
    case null
    case value(T)
}

/// A parsed request body with typed, checked field access; problems collect one message per field.
struct InputObject {
    let record: Record
    /// Field problems found so far, in order.
    private(set) var errors: [(String, String)] = []

    /// Parses `body` as a JSON object; malformed JSON is a 400, unknown and read-only fields are 422s.
    init(body: [UInt8], spec: ResourceSpec) throws(ApiError) {
        let value: Value
        do {
            value = try JSONReader.read(body, options: JSONReader.Options(convertDates: false, maxDepth: 64))
        } catch {
            throw .badRequest("malformed JSON body: \(error.description)")
        }
        guard case .record(let record) = value else {
            throw .badRequest("the request body must be a JSON object, not \(value.typeName == "list" ? "an array" : "a \(value.typeName)")")
        }
        self.record = record
        for key in record.keys {
            if spec.readOnlyFields.contains(key) {
                errors.append((key, "'\(key)' is read-only and cannot be set"))
            } else if !spec.writableFields.contains(key) {
                errors.append((key, "unknown field '\(key)'; writable fields: \(spec.writableFields.joined(separator: ", "))"))
            }
        }
    }

    /// Records a problem with `field` (the first message per field wins).
    mutating func fail(_ field: String, _ message: String) {
        if !errors.contains(where: { $0.0 == field }) { errors.append((field, message)) }
    }

    /// Throws the collected problems as a 422, if any.
    func check() throws(ApiError) {
        if !errors.isEmpty { throw ApiError.validation(errors) }
    }

    /// A string field (trimmed), or null; `maxLength` counts characters.
    mutating func string(_ key: String, maxLength: Int = 10_000, nullable: Bool = true) -> InputField<String> {
        guard let v = record[key] else { return .absent }
        switch v {
        case .null:
            if nullable { return .null }
            fail(key, "'\(key)' cannot be null")
        case .string(let s):
            let trimmed = s.trimmingSpaces()
            // maxLength is the schema's: code points of the string as sent (trimming is storage).
            if s.unicodeScalars.count > maxLength { fail(key, "'\(key)' must be at most \(maxLength) characters") } else { return .value(trimmed) }
        default:
            fail(key, "'\(key)' must be a string\(nullable ? " or null" : ""), not \(v.typeName)")
        }
        return .absent
    }

    /// One of `allowed`.
    mutating func choice(_ key: String, _ allowed: [String]) -> String? {
        guard let v = record[key] else { return nil }
        guard case .string(let s) = v, allowed.contains(s) else {
            fail(key, "'\(key)' must be one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return s
    }

    /// A boolean field.
    mutating func bool(_ key: String) -> Bool? {
        guard let v = record[key] else { return nil }
        guard case .bool(let b) = v else {
            fail(key, "'\(key)' must be true or false, not \(v.typeName)")
            return nil
        }
        return b
    }

    /// An array of strings, stored as JSON text.
    mutating func stringList(_ key: String) -> String? {
        guard let v = record[key] else { return nil }
        guard case .list(let items) = v else {
            fail(key, "'\(key)' must be an array of strings")
            return nil
        }
        var out = JSONBytes(capacity: 64)
        out.beginArray()
        for item in items {
            guard case .string(let s) = item, !s.isEmpty, s.unicodeScalars.count <= 100 else {
                fail(key, "'\(key)' must be an array of non-empty strings of at most 100 characters")
                return nil
            }
            out.string(s)
        }
        out.endArray()
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A date-time string (or null), as milliseconds.
    mutating func timestamp(_ key: String) -> InputField<Int64> {
        guard let v = record[key] else { return .absent }
        if case .null = v { return .null }
        guard case .string(let s) = v, let instant = Instant(iso8601: s) else {
            fail(key, "'\(key)' must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z, or null")
            return .absent
        }
        return .value(Int64((instant.seconds * 1000).rounded()))
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSchemaWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isSchemaWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Whitespace as the contract's patterns mean `\s`: JSON Schema regexes are ECMA-262, whose
    /// `\s` is tab, VT, FF, space, NBSP, BOM, any space separator (Zs) and the line terminators
    /// (LF, CR, U+2028, U+2029) — not NEL or the other C0/C1 controls.
    var isSchemaWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0xA0, 0xFEFF, 0x2028, 0x2029: return true
        default: return properties.generalCategory == .spaceSeparator
        }
    }
}
