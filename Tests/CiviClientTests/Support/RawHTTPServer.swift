import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A request as the raw test server saw it.
struct RawRequest: Sendable {
    var method: String
    var target: String
    var headers: [String: String]
    var body: [UInt8]

    /// The path without the query.
    var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

    /// The decoded query parameters.
    var query: [String: String] {
        guard let q = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            out[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return out
    }
}

/// A canned answer: status, headers and body bytes, sent exactly as given.
struct RawResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// When set, the head goes out at once and the body one byte per this many seconds.
    var secondsPerByte: Double?

    init(status: Int, headers: [(String, String)] = [], body: String) {
        self.status = status
        self.headers = headers
        self.body = Array(body.utf8)
    }

    init(status: Int, headers: [(String, String)] = [], bytes: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = bytes
    }
}

/// A tiny HTTP/1.1 server on a free loopback port that answers every request with whatever its
/// handler returns — so tests can send bodies no real API would (HTML, truncated JSON, nothing).
final class RawHTTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let handler: @Sendable (RawRequest) -> RawResponse
    private let stopped = NSLock()
    private var isStopped = false

    /// `http://127.0.0.1:PORT`.
    var origin: String { "http://127.0.0.1:\(port)" }

    init(handler: @escaping @Sendable (RawRequest) -> RawResponse) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        stopped.lock()
        let already = isStopped
        isStopped = true
        stopped.unlock()
        // Only shut the listener down: that ends the accept loop, which closes it. Closing it
        // here would free its descriptor number while the loop may still be about to call
        // accept() on it, and the next server's socket, given that number, would then have its
        // connections answered by this server's handler (seen once in CI: a paging test got
        // another test's `{}`).
        if !already { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let conn = accept(listener, nil, nil)
            if conn < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let thread = Thread { [self] in serve(conn) }
            thread.start()
        }
    }

    /// Serves requests on one connection until the peer closes it (keep-alive).
    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        while true {
            guard let request = readRequest(fd, &buffer) else { return }
            let response = handler(request)
            var head = "HTTP/1.1 \(response.status) X\r\n"
            var hasLength = false
            for (n, v) in response.headers {
                if n.lowercased() == "content-length" { hasLength = true }
                head += "\(n): \(v)\r\n"
            }
            if !hasLength { head += "Content-Length: \(response.body.count)\r\n" }
            head += "\r\n"
            if let interval = response.secondsPerByte {
                guard write(Array(head.utf8), to: fd) else { return }
                for byte in response.body {
                    Thread.sleep(forTimeInterval: interval)
                    guard write([byte], to: fd) else { return }
                }
            } else {
                guard write(Array(head.utf8) + response.body, to: fd) else { return }
            }
            if hasLength { return } // a deliberately wrong length: close so the client sees the truncation
        }
    }

    /// Sends all of `bytes`; false when the peer has gone.
    private func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> RawRequest? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let r = find(separator, in: buffer) { headEnd = r; break }
            guard readMore(fd, &buffer) else { return nil }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < end + 4 + length {
            guard readMore(fd, &buffer) else { return nil }
        }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return RawRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readMore(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[..<n])
        return true
    }

    private func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}
