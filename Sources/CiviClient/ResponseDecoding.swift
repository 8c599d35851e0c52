import CiviCore

/// Turns response bytes into `Value`s or into the API's own error, in one pass.
public enum ResponseDecoding {
    /// Decodes a JSON buffer into a `Value` with CiviCore's reader (dates converted, records
    /// tagged with `resource`); public so `scripts/bench` can measure decode throughput.
    public static func decode(_ bytes: [UInt8], resource: String? = nil,
                              shapes: ShapeCache = ShapeCache()) throws(JSONError) -> Value {
        try JSONReader.read(bytes, options: JSONReader.Options(resource: resource), shapes: shapes)
    }

    /// The first 200 bytes of a body as text, for messages about bodies that are not JSON.
    static func preview(_ bytes: [UInt8]) -> String {
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        let flat = head.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : String($0) }.joined()
        return bytes.count > 200 ? flat + "…" : flat
    }

    /// The whole body as a value; an empty body is null. Error statuses become errors.
    static func body(_ r: WireResponse, resource: String?, keySource: String, key: APIKey,
                     shapes: ShapeCache = ShapeCache()) throws(CiviClientError) -> Value {
        guard (200..<300).contains(r.status) else { throw error(from: r, keySource: keySource, key: key) }
        if r.body.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return .null }
        do {
            return try decode(r.body, resource: resource, shapes: shapes)
        } catch {
            throw .decoding(status: r.status, reason: reason(error, size: r.body.count),
                            preview: key.redact(preview(r.body)), requestID: r.requestID)
        }
    }

    /// The `data` member of a 2xx body (get, create, update); an empty body is a decoding error.
    static func data(_ r: WireResponse, resource: String?, keySource: String, key: APIKey) throws(CiviClientError) -> Value {
        let v = try body(r, resource: resource, keySource: keySource, key: key)
        if case .null = v {
            throw .decoding(status: r.status, reason: "the body was empty where a record was expected",
                            preview: "", requestID: r.requestID)
        }
        if case .record(let rec) = v, let data = rec["data"] { return data }
        return v
    }

    /// The error a non-2xx response stands for: the API's own error if the body has one.
    static func error(from r: WireResponse, keySource: String, key: APIKey) -> CiviClientError {
        var code: String?
        var message = "HTTP \(r.status)"
        var fields: [String: String]?
        var parsed = false
        if let v = try? decode(r.body), case .record(let rec) = v {
            switch rec["error"] {
            case .string(let text)?:
                message = text
                parsed = true
            case .record(let e)?:
                code = e["code"]?.stringValue
                message = e["message"]?.stringValue ?? code ?? message
                if case .record(let f)? = e["fields"] {
                    fields = Dictionary(f.pairs.map { ($0.0, $0.1.stringValue ?? plain($0.1)) }, uniquingKeysWith: { a, _ in a })
                }
                parsed = true
            default:
                break
            }
        }
        let empty = r.body.allSatisfy { $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }
        if !parsed && !empty {
            return .decoding(status: r.status, reason: "an HTTP \(r.status) answer was not the API's JSON error",
                             preview: key.redact(preview(r.body)), requestID: r.requestID)
        }
        // Everything shown from here came from the server, which may echo the key back
        // (the request id is redacted where the response is received).
        message = key.redact(message)
        let requestID = r.requestID
        if r.status == 401 || r.status == 403 {
            return .authentication(status: r.status, message: message, keySource: keySource, requestID: requestID)
        }
        let shownFields = fields.map { f in
            Dictionary(f.map { (key.redact($0.key), key.redact($0.value)) }, uniquingKeysWith: { a, _ in a })
        }
        return .http(status: r.status, code: code.map(key.redact), message: message, fields: shownFields,
                     requestID: requestID)
    }

    private static func reason(_ e: JSONError, size: Int) -> String {
        if e.offset >= size || e.message.contains("end of JSON input") || e.message.contains("unterminated") {
            return "the body is truncated (\(size) bytes; \(e.message))"
        }
        if size > 0 && e.offset == 0 { return "the body is not JSON (\(e.message))" }
        return "invalid JSON at \(e.description)"
    }

    private static func plain(_ v: Value) -> String {
        (try? JSONWriter.string(v)) ?? v.typeName
    }
}
