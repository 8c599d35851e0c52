import CiviCore

/// Appends JSON straight into bytes, tracking commas, so responses never go through a tree.
struct JSONBytes {
    /// The JSON written so far.
    var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty buffer with room for a typical response.
    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    private mutating func separate() {
        if needsComma { bytes.append(44) }
        needsComma = true
    }

    mutating func beginObject() { separate(); bytes.append(123); needsComma = false }
    mutating func endObject() { bytes.append(125); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(91); needsComma = false }
    mutating func endArray() { bytes.append(93); needsComma = true }

    /// Writes `"name":` (the value follows).
    mutating func key(_ name: String) {
        separate()
        JSONWriter.writeString(name, into: &bytes)
        bytes.append(58)
        needsComma = false
    }

    mutating func string(_ s: String) { separate(); JSONWriter.writeString(s, into: &bytes) }
    mutating func optionalString(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func int(_ v: Int64) { separate(); bytes.append(contentsOf: String(v).utf8) }
    mutating func optionalInt(_ v: Int64?) { if let v { int(v) } else { null() } }
    mutating func bool(_ v: Bool) { separate(); bytes.append(contentsOf: v ? Array("true".utf8) : Array("false".utf8)) }
    mutating func null() { separate(); bytes.append(contentsOf: [110, 117, 108, 108]) }
    mutating func timestamp(_ ms: Int64) { separate(); bytes.append(34); Millis.appendISO(ms, into: &bytes); bytes.append(34) }
    mutating func optionalTimestamp(_ ms: Int64?) { if let ms { timestamp(ms) } else { null() } }
    /// Writes already-encoded JSON (stored JSON columns); empty text writes `fallback`.
    mutating func raw(_ json: String?, fallback: String) {
        separate()
        if let json, !json.isEmpty { bytes.append(contentsOf: json.utf8) } else { bytes.append(contentsOf: fallback.utf8) }
    }

    mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    mutating func field(_ name: String, _ value: String?) { key(name); optionalString(value) }
    mutating func field(_ name: String, _ value: Int64) { key(name); int(value) }
}
