@testable import CiviClient
import Testing

@Suite("origins")
struct URLPolicyTests {
    @Test("origins compare after normalising scheme and host case and default ports")
    func normalised() {
        #expect(URLPolicy.origin(of: "HTTPS://API.Example.ORG/api/v2") == URLPolicy.origin(of: "https://api.example.org:443/x"))
        #expect(URLPolicy.origin(of: "http://localhost/a") == URLPolicy.origin(of: "http://LOCALHOST:80"))
        #expect(URLPolicy.origin(of: "http://[::1]:8080/a") == URLPolicy.Origin(scheme: "http", host: "::1", port: 8080))
        #expect(URLPolicy.origin(of: "http://user@127.0.0.1:9/") == URLPolicy.Origin(scheme: "http", host: "127.0.0.1", port: 9))
    }

    @Test("other hosts, ports, schemes and numeric IPv4 spellings are other origins")
    func different() {
        let base = URLPolicy.origin(of: "http://127.0.0.1:8787/api/v2")
        for other in ["http://127.1:8787/", "http://2130706433:8787/", "http://0x7f.0.0.1:8787/", "https://127.0.0.1:8787/",
                      "http://127.0.0.1:8788/", "http://127.0.0.1/", "http://127.0.0.1:8787@evil.example/",
                      "http://127.0.0.1.:8787/"] {
            #expect(URLPolicy.origin(of: other) != base, "\(other)")
        }
        #expect(URLPolicy.origin(of: "http://127.0.0.1:99999/") == nil)
        #expect(URLPolicy.origin(of: "http://127.0.0.1:80x/") == nil)
        #expect(URLPolicy.origin(of: "ftp://127.0.0.1/") == nil)
    }

    @Test("absolute links are told from paths")
    func absolute() {
        for link in ["https://x.org/a", "//x.org/a", "HTTP://x", "ftp:x", "javascript:alert(1)"] {
            #expect(URLPolicy.isAbsolute(link), "\(link)")
        }
        for link in ["/advocates?page=2", "advocates?page=2&next=http://x", "?page=2", "a/b:c"] {
            #expect(!URLPolicy.isAbsolute(link), "\(link)")
        }
    }

    @Test("a link that resolves off the base origin is refused even after joining; a base-origin one keeps its path")
    func resolve() throws {
        let client = try makeClient("http://127.0.0.1:8787/api/v2")
        defer { Task { await client.shutdown() } }
        #expect(try client.resolveLink("/advocates?page=2", requestID: nil) == "http://127.0.0.1:8787/api/v2/advocates?page=2")
        #expect(try client.resolveLink("/api/v2/advocates?page=2", requestID: nil) == "http://127.0.0.1:8787/api/v2/advocates?page=2")
        #expect(try client.resolveLink("Http://127.0.0.1:8787/api/v2/a", requestID: nil) == "http://127.0.0.1:8787/api/v2/a")
        for bad in ["http://127.1:8787/a", "//evil.example/a", "/a b", "/a\r\nHost: evil"] {
            #expect(throws: CiviClientError.self, "\(bad)") { try client.resolveLink(bad, requestID: nil) }
        }
        #expect(client.isOnBaseOrigin("http://127.0.0.1:8787/x"))
        #expect(!client.isOnBaseOrigin("http://127.0.0.1:87870/x"))
        #expect(!client.isOnBaseOrigin("http://127.0.0.1:8787.evil.example/x"))
    }
}
