import CiviCore
import Synchronization

extension CiviClient {
    /// GET one record by id.
    public func get(resource: ResourceSpec, id: String) async throws -> Value {
        let r = try await send(method: "GET", url: url(resource.path(forID: id)), body: nil)
        return try ResponseDecoding.data(r, resource: resource.name, keySource: keySource, key: apiKey)
    }

    /// POST a new record; returns the created record. The `Idempotency-Key` is `idempotencyKey`
    /// (a plan's or journal's, so a create resent later returns the first result) or a fresh one.
    public func create(resource: ResourceSpec, body: Record, idempotencyKey: String? = nil) async throws -> Value {
        try await createAnswered(resource: resource, body: body, idempotencyKey: idempotencyKey).value
    }

    /// `create`, with the status and request id of its response.
    public func createAnswered(resource: ResourceSpec, body: Record, idempotencyKey: String? = nil) async throws -> WriteAnswer {
        let bytes = try encode(.record(body))
        let token = beginWrite(WriteNote(resource: resource.name, kind: .create))
        defer { endWrite(token) }
        let r = try await send(method: "POST", url: url(resource.listPath), body: bytes, idempotencyKey: idempotencyKey)
        return WriteAnswer(try ResponseDecoding.data(r, resource: resource.name, keySource: keySource, key: apiKey), of: r)
    }

    /// PATCH the fields of `changes`; returns the updated record.
    public func update(resource: ResourceSpec, id: String, changes: Record) async throws -> Value {
        try await updateAnswered(resource: resource, id: id, changes: changes).value
    }

    /// `update`, with the status and request id of its response.
    public func updateAnswered(resource: ResourceSpec, id: String, changes: Record) async throws -> WriteAnswer {
        let bytes = try encode(.record(changes))
        let token = beginWrite(WriteNote(resource: resource.name, kind: .update, fields: changes.keys))
        defer { endWrite(token) }
        let r = try await send(method: "PATCH", url: url(resource.path(forID: id)), body: bytes)
        return WriteAnswer(try ResponseDecoding.data(r, resource: resource.name, keySource: keySource, key: apiKey), of: r)
    }

    /// DELETE one record.
    public func delete(resource: ResourceSpec, id: String) async throws {
        _ = try await deleteAnswered(resource: resource, id: id)
    }

    /// `delete`, with the status and request id of its response (the value is the body, usually null).
    public func deleteAnswered(resource: ResourceSpec, id: String) async throws -> WriteAnswer {
        let token = beginWrite(WriteNote(resource: resource.name, kind: .delete))
        defer { endWrite(token) }
        let r = try await send(method: "DELETE", url: url(resource.path(forID: id)), body: nil)
        return WriteAnswer(try ResponseDecoding.body(r, resource: resource.name, keySource: keySource, key: apiKey), of: r)
    }

    /// The number of records matching `filters`, in one request (`per_page=1`, `meta.total`).
    public func count(resource: ResourceSpec, filters: [(name: String, value: String)] = []) async throws -> Int {
        let query = filters + [("per_page", "1")]
        let r = try await send(method: "GET", url: url(resource.listPath, query: query), body: nil)
        let v = try ResponseDecoding.body(r, resource: resource.name, keySource: keySource, key: apiKey)
        guard case .record(let rec) = v, case .record(let meta)? = rec["meta"], case .int(let total)? = meta["total"],
              total >= 0 else {
            throw CiviClientError.decoding(status: r.status, reason: "the list answer has no meta.total (a count ≥ 0)",
                                           preview: apiKey.redact(ResponseDecoding.preview(r.body)), requestID: r.requestID)
        }
        return total
    }

    /// Any request; `path` is relative to the base URL, or an absolute URL on the base URL's
    /// origin (any other origin is refused: the key goes nowhere else). Returns the decoded body
    /// (null when empty). A POST carries `idempotencyKey` when given, else a fresh one.
    public func raw(method: String, path: String, query: [(name: String, value: String)] = [],
                    body: Value? = nil, idempotencyKey: String? = nil) async throws -> Value {
        try await rawAnswered(method: method, path: path, query: query, body: body, idempotencyKey: idempotencyKey).value
    }

    /// `raw`, with the status and request id of its response.
    public func rawAnswered(method: String, path: String, query: [(name: String, value: String)] = [],
                            body: Value? = nil, idempotencyKey: String? = nil) async throws -> WriteAnswer {
        let verb = method.uppercased()
        guard !verb.isEmpty, verb.allSatisfy({ $0.isLetter }) else {
            throw CiviClientError.configuration(message: "'\(method)' is not an HTTP method", hint: "e.g. GET, POST")
        }
        let target = try rawTarget(path)
        let bytes = try body.map { try encode($0) }
        let rel = target.path
        let resource = resources.resource(forPath: rel)
        let token = verb == "GET" || verb == "HEAD" ? nil : resource.map { beginWrite(WriteNote(resource: $0.name, kind: .raw)) }
        defer { if let token { endWrite(token) } }
        let r = try await send(method: verb, url: Self.appending(query, to: target.url), body: bytes, idempotencyKey: idempotencyKey)
        return WriteAnswer(try ResponseDecoding.body(r, resource: resource?.name, keySource: keySource, key: apiKey), of: r)
    }

    /// The URL of a raw request and its path under the base path (to recognise the resource).
    /// The language puts a `/` before every path, so `/https://…` is an absolute URL too.
    private func rawTarget(_ path: String) throws(CiviClientError) -> (url: String, path: String) {
        let bare = path.hasPrefix("/") && !path.hasPrefix("//") ? String(path.dropFirst()) : path
        let query = bare.firstIndex(of: "?").map { bare[..<$0] } ?? bare[...]
        guard query.contains("://") else {
            let rel = path.hasPrefix("/") ? path : "/" + path
            return (baseURL + rel, rel)
        }
        guard URLPolicy.isAbsolute(bare), URLPolicy.origin(of: bare) == baseOrigin,
              let rest = URLPolicy.parts(of: bare)?.rest else {
            throw .configuration(
                message: "raw request URL '\(apiKey.redact(bare))' is not on the API's origin \(origin); "
                    + "civi sends the API key nowhere else",
                hint: "use a path relative to the base URL, e.g. /advocates?state=CA")
        }
        let full = rest.hasPrefix("/") ? rest : "/" + rest
        let rel = !basePath.isEmpty && full.hasPrefix(basePath + "/") ? String(full.dropFirst(basePath.count)) : full
        return (origin + full, rel)
    }

    /// `baseURL + path` with the query percent-encoded.
    func url(_ path: String, query: [(name: String, value: String)] = []) -> String {
        Self.appending(query, to: baseURL + path)
    }

    /// `url` with the query percent-encoded and appended.
    static func appending(_ query: [(name: String, value: String)], to url: String) -> String {
        guard !query.isEmpty else { return url }
        let q = query.map { "\(escapeQuery($0.name))=\(escapeQuery($0.value))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + q
    }

    /// Resolves a `links.next` value to a URL on the base URL's origin: a path under the base
    /// path, a path relative to the base URL, or an absolute URL whose normalised origin is the
    /// base URL's (rebuilt on the base URL's own origin text). Anything else is refused, so a
    /// server can never steer the key to another host, port or scheme.
    func resolveLink(_ link: String, requestID: String?) throws(CiviClientError) -> String {
        let shown = apiKey.redact(link)
        guard !link.isEmpty, !link.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 || $0 == 127 } == true }) else {
            throw .badResponse(message: "links.next '\(shown)' is not a URL path", requestID: requestID)
        }
        if URLPolicy.isAbsolute(link) {
            let absolute = link.hasPrefix("//") ? baseOrigin.scheme + ":" + link : link
            guard URLPolicy.origin(of: absolute) == baseOrigin, let rest = URLPolicy.parts(of: absolute)?.rest else {
                throw .badResponse(
                    message: "links.next '\(shown)' points to another origin than the base URL's (\(origin)); "
                        + "civi never follows it with the API key", requestID: requestID)
            }
            return origin + (rest.hasPrefix("/") ? rest : "/" + rest)
        }
        let path = link.hasPrefix("/") ? link : "/" + link
        if !basePath.isEmpty, path.hasPrefix(basePath + "/") || path.hasPrefix(basePath + "?") { return origin + path }
        return baseURL + path
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
