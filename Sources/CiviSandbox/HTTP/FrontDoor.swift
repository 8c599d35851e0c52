import CiviCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Everything every request goes through: request id, latency, fault injection, auth, body
/// limits, error bodies and the request log.
final class FrontDoor: Sendable {
    static let maxBody = 1 << 20
    private static let requestIDHeader = HTTPField.Name("X-Request-Id")!
    private static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    private let api: SandboxAPI
    private let expectedKey: [UInt8]
    private let options: SandboxOptions
    private let requestCount = Mutex<UInt64>(0)
    private let requestIDs = RequestIDs()

    /// A front door for `api` accepting `apiKey`.
    init(api: SandboxAPI, apiKey: String, options: SandboxOptions) {
        self.api = api
        self.expectedKey = Array(apiKey.utf8)
        self.options = options
    }

    /// Answers one HTTP request; never throws (every failure becomes an error body).
    func respond(_ request: Request) async -> Response {
        let started = SystemClock.monotonicNanos()
        let requestID = requestIDs.next()
        let path = request.uri.path
        let answer: APIResponse
        do {
            answer = try await process(request, path: path)
        } catch let error as ApiError {
            answer = APIResponse(status: error.status, body: error.body(requestID: requestID), headers: error.headers)
        } catch {
            let failure = ApiError(status: 500, code: "internal", message: "internal error: \(error)")
            answer = APIResponse(status: 500, body: failure.body(requestID: requestID))
        }
        if options.latencyMs > 0 { try? await Task.sleep(for: .milliseconds(options.latencyMs)) }
        var headers = HTTPFields()
        headers[Self.requestIDHeader] = requestID
        if !answer.body.isEmpty { headers[.contentType] = "application/json; charset=utf-8" }
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        if options.log { log(request.method.rawValue, path, answer.status, started) }
        return Response(status: .init(code: answer.status), headers: headers,
                        body: answer.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private func process(_ request: Request, path: String) async throws -> APIResponse {
        let method = request.method.rawValue
        if path == "/" || path == "/api/v2" || path == "/api/v2/" {
            guard method == "GET" || method == "HEAD" else {
                throw ApiError(status: 405, code: "method_not_allowed", message: "\(method) is not allowed here; allowed: GET",
                               headers: [("Allow", "GET")])
            }
            return APIResponse(status: 200, body: Array(#"{"name":"civi sandbox","api":"CiviClick 2.0","base_path":"/api/v2","status":"ok"}"#.utf8))
        }
        guard path.hasPrefix("/api/v2/") else { throw ApiError.notFound("no such endpoint: \(path); the API lives under /api/v2") }
        try injectFault()
        try authenticate(request.headers[.authorization])
        var body: [UInt8] = []
        if method == "POST" || method == "PATCH" || method == "PUT" {
            body = try await readBody(request)
        }
        let segments = path.dropFirst("/api/v2/".count).split(separator: "/", omittingEmptySubsequences: true)
        return try await api.handle(method: method, segments: segments, query: Substring(request.uri.query ?? ""),
                                    body: body, idempotencyKey: request.headers[Self.idempotencyHeader])
    }

    /// The fraction `failRate` of requests, chosen from the seed and the request number, gets a 503.
    private func injectFault() throws(ApiError) {
        guard options.failRate > 0 else { return }
        let n = requestCount.withLock { count in
            count += 1
            return count
        }
        let draw = Double(SplitMix64.mix(options.seed ^ (n &* 0x9E37_79B9_7F4A_7C15)) >> 11) * 0x1.0p-53
        if draw < options.failRate {
            throw ApiError(status: 503, code: "service_unavailable",
                           message: "the sandbox is simulating a traffic spike; retry shortly",
                           headers: [("Retry-After", "1")])
        }
    }

    /// Checks `Bearer KEY` in constant time (the comparison takes as long for any wrong key). The
    /// scheme name is case-insensitive (RFC 9110 §11.1), and one or more spaces may follow it.
    private func authenticate(_ header: String?) throws(ApiError) {
        guard let header, !header.isEmpty else {
            throw ApiError(status: 401, code: "unauthorized", message: "missing Authorization header; send 'Authorization: Bearer <key>'")
        }
        let bytes = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count + 1, bytes[scheme.count] == UInt8(ascii: " "),
              zip(bytes.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 }) else {
            throw ApiError(status: 401, code: "unauthorized", message: "malformed Authorization header; expected 'Bearer <key>'")
        }
        let given = Array(bytes.dropFirst(scheme.count).drop(while: { $0 == UInt8(ascii: " ") }))
        var difference = UInt8(given.count == expectedKey.count ? 0 : 1)
        for i in 0..<expectedKey.count {
            difference |= expectedKey[i] ^ (i < given.count ? given[i] : 0)
        }
        if difference != 0 { throw ApiError(status: 401, code: "unauthorized", message: "invalid API key") }
    }

    private func readBody(_ request: Request) async throws -> [UInt8] {
        let tooLarge = ApiError(status: 413, code: "payload_too_large",
                                message: "request body is larger than \(Self.maxBody) bytes (1 MiB)")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxBody { throw tooLarge }
        do {
            let buffer = try await request.body.collect(upTo: Self.maxBody)
            return Array(buffer.readableBytesView)
        } catch {
            throw tooLarge
        }
    }

    /// One line per request on stderr; never the key or the Authorization header.
    private func log(_ method: String, _ path: String, _ status: Int, _ started: UInt64) {
        let ms = Double(SystemClock.monotonicNanos() - started) / 1e6
        let line = "\(method) \(path) \(status) \((ms * 10).rounded() / 10)ms\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
