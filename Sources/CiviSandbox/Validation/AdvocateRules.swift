import CiviCore

/// `AdvocateInput` of the contract: checks a body and applies it to an advocate's stored fields.
enum AdvocateRules {
    /// Applies `input` to `fields` (a new advocate on create, the stored one on PATCH) and
    /// checks the result; every bad field gets its own message in one 422.
    static func apply(_ input: inout InputObject, to fields: inout AdvocateFields, creating: Bool) throws(ApiError) {
        func text(_ key: String, _ maxLength: Int, _ set: (String?) -> Void) {
            switch input.string(key, maxLength: maxLength) {
            case .absent: break
            case .null: set(nil)
            case .value(let s): set(s.isEmpty ? nil : s)
            }
        }
        func rawMatches(_ key: String, _ rule: (String) -> Bool) -> Bool {
            guard case .string(let raw)? = input.record[key] else { return true }
            return rule(raw)
        }
        text("first_name", 100) { fields.firstName = $0 }
        text("last_name", 100) { fields.lastName = $0 }
        text("address1", 200) { fields.address1 = $0 }
        text("address2", 200) { fields.address2 = $0 }
        text("city", 100) { fields.city = $0 }
        // Fields with a pattern or an enum are checked as sent (an empty or padded string does
        // not match the schema), then stored trimmed like the rest.
        text("email", 254) { value in
            if rawMatches("email", looksLikeEmail) { fields.email = value } else {
                input.fail("email", "'\(value ?? "")' does not look like an email address")
            }
        }
        text("phone", 40) { value in
            guard let value else { fields.phone = nil; return }
            if let e164 = e164(value) { fields.phone = e164 } else {
                input.fail("phone", "phone must hold 10 US digits, optionally with +1; got '\(value)'")
            }
        }
        text("state", 10) { value in
            if rawMatches("state", { SeedVocabulary.stateCodes.contains($0.uppercased()) }) {
                fields.state = value?.uppercased()
            } else {
                input.fail("state", "'\(value ?? "")' is not a US state or territory code (e.g. CA, NY, DC, PR)")
            }
        }
        text("zip", 10) { value in
            if rawMatches("zip", isZip) { fields.zip = value } else {
                input.fail("zip", "zip must be 5 digits or ZIP+4 (12345-6789); got '\(value ?? "")'")
            }
        }
        switch input.string("country", maxLength: 2, nullable: false) {
        case .value(let c) where rawMatches("country", { $0.utf8.count == 2 && $0.utf8.allSatisfy(isASCIILetter) }):
            fields.country = c.uppercased()
        case .value: input.fail("country", "country must be a two-letter code such as US")
        default: break
        }
        if let b = input.bool("email_opt_in") { fields.emailOptIn = b }
        if let b = input.bool("sms_opt_in") { fields.smsOptIn = b }
        if let tags = input.stringList("tags") { fields.tags = tags }
        mergeCustomFields(&input, into: &fields)

        if creating, fields.email == nil, fields.phone == nil, input.errors.isEmpty {
            input.fail("email", "an email or a phone is required")
        }
        if fields.smsOptIn, fields.phone == nil, !input.errors.contains(where: { $0.0 == "phone" }) {
            input.fail("sms_opt_in", "sms_opt_in true needs a phone number")
        }
        try input.check()
    }

    /// Merges `custom_fields` key by key; a null value removes the key.
    private static func mergeCustomFields(_ input: inout InputObject, into fields: inout AdvocateFields) {
        guard let v = input.record["custom_fields"] else { return }
        guard case .record(let changes) = v else {
            input.fail("custom_fields", "custom_fields must be an object of strings, numbers and booleans")
            return
        }
        var merged = (try? JSONReader.read(Array(fields.customFields.utf8), options: .init(convertDates: false)))?
            .recordValue ?? Record()
        for (key, value) in changes.pairs {
            switch value {
            case .null: merged.remove(key)
            case .string, .int, .float, .bool: merged.set(key, value)
            default:
                input.fail("custom_fields", "custom_fields.\(key) must be a string, number, boolean or null")
                return
            }
        }
        guard let bytes = try? JSONWriter.encode(.record(merged)) else {
            input.fail("custom_fields", "custom_fields hold a value that cannot be stored")
            return
        }
        fields.customFields = String(decoding: bytes, as: UTF8.self)
    }

    /// The contract's pattern `^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`, read scalar by scalar as a
    /// JSON Schema regex is: by Characters, `@` followed by a combining mark or an emoji modifier
    /// would be one grapheme and the address would not split where the pattern splits it.
    static func looksLikeEmail(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        guard !scalars.contains(where: \.isSchemaWhitespace),
              let at = scalars.firstIndex(of: "@"), at > 0 else { return false }
        let domain = scalars[(at + 1)...]
        guard !domain.contains("@") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// `+1` and the ten digits of a US number written with any punctuation, or nil.
    static func e164(_ s: String) -> String? {
        guard s.allSatisfy({ $0.isNumber || " ()-.+".contains($0) }), s.filter({ $0 == "+" }).count <= 1 else { return nil }
        if s.contains("+"), !s.hasPrefix("+1") { return nil }
        var digits = s.filter { $0.isASCII && $0.isNumber }
        if digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
        guard digits.count == 10 else { return nil }
        return "+1" + digits
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20)
    }

    /// Five digits, or ZIP+4.
    static func isZip(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { b[$0] >= 48 && b[$0] <= 57 } }
        if b.count == 5 { return digits(0..<5) }
        return b.count == 10 && digits(0..<5) && b[5] == UInt8(ascii: "-") && digits(6..<10)
    }
}
