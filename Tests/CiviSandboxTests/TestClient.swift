import AsyncHTTPClient
import CiviCore
import CiviSandbox
import CiviTestSupport
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer of the sandbox, with its JSON body read into a `Value`.
struct Reply {
    let status: Int
    let headers: HTTPHeaders
    let json: Value

    /// The `data` of the body.
    var data: Value { json.recordValue?["data"] ?? .null }
    /// The `data` of a list body.
    var items: [Record] { (data.listValue ?? []).compactMap(\.recordValue) }
    /// A field of `meta`.
    func meta(_ key: String) -> Int? {
        if case .int(let n)? = json.recordValue?["meta"]?.recordValue?[key] { return n }
        return nil
    }
    /// A field of `links`.
    func link(_ key: String) -> String? { json.recordValue?["links"]?.recordValue?[key]?.stringValue }
    /// A field of `error`.
    func error(_ key: String) -> String? { json.recordValue?["error"]?.recordValue?[key]?.stringValue }
    /// A message of `error.fields`.
    func errorField(_ key: String) -> String? { json.recordValue?["error"]?.recordValue?["fields"]?.recordValue?[key]?.stringValue }
}

/// Requests to a test's sandbox over real HTTP on loopback.
extension TestSandbox {
    /// Sends a request; `auth: nil` sends no Authorization header, a string sends it as given.
    func send(_ method: HTTPMethod, _ path: String, body: String? = nil, auth: String?? = .none,
              headers extra: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        switch auth {
        case .none: request.headers.add(name: "Authorization", value: "Bearer \(server.apiKey)")
        case .some(.none): break
        case .some(.some(let value)): request.headers.add(name: "Authorization", value: value)
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        let raw = Array(bytes.readableBytesView)
        let json = raw.isEmpty ? Value.null : try JSONReader.read(raw, options: .init(convertDates: false))
        return Reply(status: Int(response.status.code), headers: response.headers, json: json)
    }

    func get(_ path: String) async throws -> Reply { try await send(.GET, path) }
    func post(_ path: String, _ body: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, path, body: body, headers: headers)
    }
    func patch(_ path: String, _ body: String) async throws -> Reply { try await send(.PATCH, path, body: body) }
    func delete(_ path: String) async throws -> Reply { try await send(.DELETE, path) }

    /// Every record of a list, following `links.next`.
    func all(_ path: String) async throws -> [Record] {
        var out: [Record] = []
        var next: String? = path
        while let current = next {
            let reply = try await get(current)
            out += reply.items
            next = reply.link("next")
        }
        return out
    }
}

/// A string field of a record.
func str(_ r: Record, _ key: String) -> String? { r[key]?.stringValue }
/// An int field of a record.
func int(_ r: Record, _ key: String) -> Int? { if case .int(let n)? = r[key] { return n } else { return nil } }
/// A unique suffix so created emails never collide between tests.
func unique() -> String { String(UInt64.random(in: 0...UInt64.max), radix: 36) }
