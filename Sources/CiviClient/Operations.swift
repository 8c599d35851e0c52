import CiviCore

extension CiviClient {
    /// GET one record by id.
    public func get(resource: ResourceSpec, id: String) async throws -> Value {
        let r = try await send(method: "GET", url: url(resource.path(forID: id)), body: nil)
        return try ResponseDecoding.data(r, resource: resource.name, keySource: keySource, key: apiKey)
    }

    /// POST a new record (with a fresh `Idempotency-Key`); returns the created record.
    public func create(resource: ResourceSpec, body: Record) async throws -> Value {
        let bytes = try encode(.record(body))
        let r = try await send(method: "POST", url: url(resource.listPath), body: bytes)
        let v = try ResponseDecoding.data(r, resource: resource.name, keySource: keySource, key: apiKey)
        noteWrite(resource.name)
        return v
    }

    /// PATCH the fields of `changes`; returns the updated record.
    public func update(resource: ResourceSpec, id: String, changes: Record) async throws -> Value {
        let bytes = try encode(.record(changes))
        let r = try await send(method: "PATCH", url: url(resource.path(forID: id)), body: bytes)
        let v = try ResponseDecoding.data(r, resource: resource.name, keySource: keySource, key: apiKey)
        noteWrite(resource.name)
        return v
    }

    /// DELETE one record.
    public func delete(resource: ResourceSpec, id: String) async throws {
        let r = try await send(method: "DELETE", url: url(resource.path(forID: id)), body: nil)
        _ = try ResponseDecoding.body(r, resource: resource.name, keySource: keySource, key: apiKey)
        noteWrite(resource.name)
    }

    /// The number of records matching `filters`, in one request (`per_page=1`, `meta.total`).
    public func count(resource: ResourceSpec, filters: [(name: String, value: String)] = []) async throws -> Int {
        let query = filters + [("per_page", "1")]
        let r = try await send(method: "GET", url: url(resource.listPath, query: query), body: nil)
        let v = try ResponseDecoding.body(r, resource: resource.name, keySource: keySource, key: apiKey)
        guard case .record(let rec) = v, case .record(let meta)? = rec["meta"], case .int(let total)? = meta["total"] else {
            throw CiviClientError.decoding(status: r.status, reason: "the list answer has no meta.total",
                                           preview: ResponseDecoding.preview(r.body), requestID: r.requestID)
        }
        return total
    }

    /// Any request; `path` is relative to the base URL. Returns the decoded body (null when empty).
    public func raw(method: String, path: String, query: [(name: String, value: String)] = [],
                    body: Value? = nil) async throws -> Value {
        let verb = method.uppercased()
        guard !verb.isEmpty, verb.allSatisfy({ $0.isLetter }) else {
            throw CiviClientError.configuration(message: "'\(method)' is not an HTTP method", hint: "e.g. GET, POST")
        }
        guard !path.contains("://") else {
            throw CiviClientError.configuration(message: "raw request path '\(path)' must be relative to the base URL",
                                                hint: "e.g. /advocates?state=CA; the base URL is \(baseURL)")
        }
        let rel = path.hasPrefix("/") ? path : "/" + path
        let bytes = try body.map { try encode($0) }
        let resource = resources.resource(forPath: rel)
        let r = try await send(method: verb, url: url(rel, query: query), body: bytes)
        let v = try ResponseDecoding.body(r, resource: resource?.name, keySource: keySource, key: apiKey)
        if verb != "GET", verb != "HEAD", let resource { noteWrite(resource.name) }
        return v
    }

    /// `baseURL + path` with the query percent-encoded.
    func url(_ path: String, query: [(name: String, value: String)] = []) -> String {
        guard !query.isEmpty else { return baseURL + path }
        let q = query.map { "\(Self.escapeQuery($0.name))=\(Self.escapeQuery($0.value))" }.joined(separator: "&")
        return baseURL + path + (path.contains("?") ? "&" : "?") + q
    }

    /// Resolves a `links.next` value: an absolute URL, a path under the base path, or a path
    /// relative to the base URL.
    func resolveLink(_ link: String) -> String {
        if link.hasPrefix("http://") || link.hasPrefix("https://") { return link }
        let path = link.hasPrefix("/") ? link : "/" + link
        if !basePath.isEmpty, path.hasPrefix(basePath + "/") || path.hasPrefix(basePath + "?") { return origin + path }
        return baseURL + path
    }

    func noteWrite(_ resource: String) {
        counters.withLock { $0.writes[resource, default: 0] += 1 }
    }

    private func encode(_ v: Value) throws -> [UInt8] {
        do { return try JSONWriter.encode(v) } catch {
            throw CiviClientError.configuration(message: "the request body cannot be sent as JSON: \(error.description)",
                                                hint: nil)
        }
    }

    static func escapeQuery(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
