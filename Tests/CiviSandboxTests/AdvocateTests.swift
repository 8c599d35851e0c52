import CiviCore
import CiviSandbox
import CiviTestSupport
import NIOHTTP1
import Testing

@Suite("advocates: create, read, update, delete, validation")
struct AdvocateTests {
    @Test func lifecycle() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let email = "ada.\(unique())@example.org"
        let made = try await s.post("/advocates", #"{"first_name":"Ada","last_name":"Lovelace","email":"\#(email)","state":"ca","zip":"94110","tags":["new"],"custom_fields":{"shirt":"M","size":3}}"#)
        #expect(made.status == 201)
        let a = try #require(made.data.recordValue)
        let id = try #require(str(a, "id"))
        #expect(id.hasPrefix("adv_") && id.count == 14)
        #expect(str(a, "state") == "CA" && str(a, "country") == "US")
        #expect(a["campaign_ids"] == .list([]) && int(a, "action_count") == 0)
        #expect(str(a, "created_at")?.hasSuffix("Z") == true)

        let got = try await s.get("/advocates/\(id)")
        #expect(got.status == 200 && got.data == made.data)

        let patched = try await s.patch("/advocates/\(id)", #"{"tags":["new","vip"],"custom_fields":{"shirt":null,"team":7}}"#)
        #expect(patched.status == 200)
        let b = try #require(patched.data.recordValue)
        #expect(b["tags"] == .list([.string("new"), .string("vip")]))
        #expect(b["custom_fields"] == .record(Record([("size", .int(3)), ("team", .int(7))])))
        #expect(str(b, "first_name") == "Ada", "fields not sent keep their values")
        #expect((str(b, "updated_at") ?? "") > (str(a, "updated_at") ?? ""))

        let deleted = try await s.delete("/advocates/\(id)")
        #expect(deleted.status == 204 && deleted.headers.first(name: "X-Request-Id") != nil)
        let gone = try await s.get("/advocates/\(id)")
        #expect(gone.status == 404 && gone.error("code") == "not_found")
        let again = try await s.delete("/advocates/\(id)")
        #expect(again.status == 404)
    }

    @Test func phonesBecomeE164() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        for (given, stored) in [("(202) 555-0143", "+12025550143"), ("+1 415.555.0100", "+14155550100"), ("1-312-555-0199", "+13125550199")] {
            let r = try await s.post("/advocates", #"{"phone":"\#(given)","sms_opt_in":true}"#)
            #expect(r.status == 201)
            #expect(r.data.recordValue.flatMap { str($0, "phone") } == stored)
        }
    }

    @Test func everyBadFieldGetsItsOwnMessage() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let r = try await s.post("/advocates", #"{"email":"not-an-email","state":"XX","zip":"12","phone":"123","email_opt_in":"yes"}"#)
        #expect(r.status == 422 && r.error("code") == "validation_failed")
        for field in ["email", "state", "zip", "phone", "email_opt_in"] {
            #expect(r.errorField(field) != nil, "a message for \(field)")
        }
        #expect(r.errorField("zip")?.contains("ZIP+4") == true)
    }

    /// The email rule is the contract's pattern read scalar by scalar (as schemathesis reads it):
    /// an emoji modifier or a combining mark right after `@` or `.` still splits the address there.
    @Test func emailFollowsTheContractsPatternScalarByScalar() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        for domain in ["\u{1F3FB}.example.org", "\u{0301}x.example.org", "example.\u{0301}org"] {
            let r = try await s.post("/advocates", #"{"email":"e.\#(unique())@\#(domain)"}"#)
            #expect(r.status == 201, "\(domain.unicodeScalars.map { String($0.value, radix: 16) }) matches the pattern")
        }
        for bad in ["a@@b.org", "@b.org", "a@b", "a@b..org", "a@.b.org", "a b@c.org"] {
            let r = try await s.post("/advocates", #"{"email":"\#(bad)"}"#)
            #expect(r.status == 422 && r.errorField("email")?.contains("does not look like") == true, "\(bad)")
        }
    }

    @Test func createRules() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let none = try await s.post("/advocates", #"{"first_name":"Nobody"}"#)
        #expect(none.status == 422 && none.errorField("email")?.contains("phone") == true)
        let sms = try await s.post("/advocates", #"{"email":"s.\#(unique())@example.org","sms_opt_in":true}"#)
        #expect(sms.status == 422 && sms.errorField("sms_opt_in") != nil)
        let readOnly = try await s.post("/advocates", #"{"email":"r.\#(unique())@example.org","action_count":3,"colour":"blue"}"#)
        #expect(readOnly.status == 422)
        #expect(readOnly.errorField("action_count")?.contains("read-only") == true)
        #expect(readOnly.errorField("colour")?.contains("unknown") == true)
        let zip4 = try await s.post("/advocates", #"{"email":"z.\#(unique())@example.org","zip":"94110-1234","state":"PR"}"#)
        #expect(zip4.status == 201)
        let long = String(repeating: "x", count: 101)
        let tooLong = try await s.post("/advocates", #"{"email":"l.\#(unique())@example.org","first_name":"\#(long)"}"#)
        #expect(tooLong.status == 422 && tooLong.errorField("first_name") != nil)
    }

    @Test func duplicateEmailsConflictOnCreateAndPatch() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let email = "dup.\(unique())@example.org"
        let first = try await s.post("/advocates", #"{"email":"\#(email)"}"#)
        let firstID = try #require(first.data.recordValue.flatMap { str($0, "id") })
        let dup = try await s.post("/advocates", #"{"email":"\#(email.uppercased())"}"#)
        #expect(dup.status == 409 && dup.error("code") == "conflict" && dup.errorField("id") == firstID)
        let other = try await s.post("/advocates", #"{"email":"other.\#(unique())@example.org"}"#)
        let otherID = try #require(other.data.recordValue.flatMap { str($0, "id") })
        let clash = try await s.patch("/advocates/\(otherID)", #"{"email":"\#(email)"}"#)
        #expect(clash.status == 409 && clash.errorField("id") == firstID)
        let same = try await s.patch("/advocates/\(firstID)", #"{"email":"\#(email)"}"#)
        #expect(same.status == 200, "an advocate may keep their own email")
    }

    @Test func patchEdgeCases() async throws {
        let s = try await TestSandbox.start(.small)
        defer { Task { await s.stop() } }
        let missing = try await s.patch("/advocates/adv_doesnotexist", #"{"first_name":"X"}"#)
        #expect(missing.status == 404 && missing.error("message")?.contains("adv_doesnotexist") == true)
        let malformed = try await s.patch("/advocates/adv_doesnotexist", #"{"first_name":"#)
        #expect(malformed.status == 400 && malformed.error("message")?.contains("JSON") == true)
        let notObject = try await s.post("/advocates", "[1,2]")
        #expect(notObject.status == 400 && notObject.error("message")?.contains("object") == true)
    }
}
