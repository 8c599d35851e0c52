import CiviCore
import CiviSandbox
import CiviTestSupport
import Testing

/// A filter and the same condition applied by the test to every record.
struct FilterCase: Sendable, CustomTestStringConvertible {
    let resource: String
    let query: String
    let holds: @Sendable (Record) -> Bool
    var testDescription: String { "/\(resource)?\(query)" }
}

private func has(_ key: String, _ value: String) -> @Sendable (Record) -> Bool { { str($0, key) == value } }
private func tagged(_ tag: String) -> @Sendable (Record) -> Bool { { $0["tags"]?.listValue?.contains(.string(tag)) == true } }
private let cutoff = "2025-03-01T00:00:00Z"

@Suite("every filter agrees with the same condition applied to all records")
struct FilterTests {
    static let cases: [FilterCase] = [
        FilterCase(resource: "campaigns", query: "status=closed", holds: has("status", "closed")),
        FilterCase(resource: "campaigns", query: "type=email", holds: has("type", "email")),
        FilterCase(resource: "campaigns", query: "tag=economy", holds: tagged("economy")),
        FilterCase(resource: "campaigns", query: "q=WATER") { r in
            (str(r, "name") ?? "").lowercased().contains("water") || (str(r, "title") ?? "").lowercased().contains("water")
        },
        FilterCase(resource: "campaigns", query: "updated_since=\(cutoff)") { (str($0, "updated_at") ?? "") >= cutoff },
        FilterCase(resource: "actions", query: "type=call", holds: has("type", "call")),
        FilterCase(resource: "actions", query: "status=pending", holds: has("status", "pending")),
        FilterCase(resource: "actions", query: "created_after=\(cutoff)") { (str($0, "created_at") ?? "") >= cutoff },
        FilterCase(resource: "actions", query: "created_before=\(cutoff)") { (str($0, "created_at") ?? "") < cutoff },
        FilterCase(resource: "advocates", query: "state=tx", holds: has("state", "TX")),
        FilterCase(resource: "advocates", query: "tag=veteran", holds: tagged("veteran")),
        FilterCase(resource: "advocates", query: "email_opt_in=true") { $0["email_opt_in"] == .bool(true) },
        FilterCase(resource: "advocates", query: "sms_opt_in=true") { $0["sms_opt_in"] == .bool(true) },
        FilterCase(resource: "advocates", query: "updated_since=\(cutoff)") { (str($0, "updated_at") ?? "") >= cutoff },
        FilterCase(resource: "advocates", query: "created_after=\(cutoff)") { (str($0, "created_at") ?? "") >= cutoff },
        FilterCase(resource: "advocates", query: "q=GAR") { r in
            ["first_name", "last_name", "email"].contains { (str(r, $0) ?? "").lowercased().contains("gar") }
        },
    ]

    @Test(arguments: cases)
    func filterMatchesClientSideCheck(_ c: FilterCase) async throws {
        let s = try await TestSandbox.start(SandboxOptions(seed: 3, campaigns: 24, advocates: 150, actions: 300))
        defer { Task { await s.stop() } }
        let all = try await s.all("/\(c.resource)?per_page=100")
        let filtered = try await s.all("/\(c.resource)?\(c.query)&per_page=100")
        let expected = all.filter(c.holds).compactMap { str($0, "id") }
        #expect(!expected.isEmpty && expected.count < all.count, "the seed gives this filter something to decide")
        #expect(filtered.compactMap { str($0, "id") } == expected, "same records, same order")
    }

    @Test func zipMatchesFiveDigitsAndZipPlusFour() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let email = "zip.\(unique())@example.org"
        _ = try await s.post("/advocates", #"{"email":"\#(email)","zip":"99501-1234"}"#)
        let five = try await s.get("/advocates?zip=99501")
        #expect(five.items.contains { str($0, "email") == email })
        let full = try await s.get("/advocates?zip=99501-1234")
        #expect(full.items.contains { str($0, "email") == email })
        #expect(try await s.get("/advocates?zip=9950").items.isEmpty)
    }
}
