import CiviTestSupport
import Foundation
import Testing

/// Every journaled write keeps the answer it got — the HTTP status and the sandbox's
/// `X-Request-Id` — whether it succeeded or not, and each write its own answer under `parallel`.
/// The request ids are checked against `--verbose`, which logs each response as it arrives.
@Suite(.serialized) struct JournalAnswerTests {
    /// Creates, updates, deletes and raw writes that succeed: 201, 200, 204 and their request ids,
    /// in `civi log RUN --json` and in the table.
    @Test func successfulWritesRecordTheirStatusAndRequestID() async throws {
        let f = try await JournalFixture.start(advocates: 5)
        defer { Task { await f.stop() } }
        let out = try f.civi(["--verbose", "-e", """
            a = create_advocate({email: "meta@example.org", first_name: "Meta"})
            update(a, {city: "Elko"})
            patch("/advocates/${a.id}", {city: "Ely"})
            b = post("/advocates", {email: "raw@example.org"})
            delete(a)
            request("DELETE", "/advocates/${b.data.id}")
            print("done")
            """])
        #expect(out.status == 0, "\(out.all)")
        let logged = Self.responses(in: out.stderr)
        #expect(logged.count == 6, "\(out.stderr)")
        let id = try #require(try f.runs().first?["run"] as? String)
        let writes = try f.writes(of: id)
        #expect(writes.map { $0["method"] as? String ?? "?" } == ["POST", "PATCH", "PATCH", "POST", "DELETE", "DELETE"])
        #expect(writes.map { $0["status"] as? Int ?? 0 } == [201, 200, 200, 201, 204, 204], "\(writes)")
        #expect(writes.map { $0["request_id"] as? String ?? "none" } == logged.map(\.requestID), "\(writes)\n\(out.stderr)")
        #expect(Set(logged.map(\.requestID)).count == 6)

        let table = try f.civi(["log", id])
        #expect(table.status == 0, "\(table.all)")
        #expect(table.stdout.contains("request"), "\(table.all)")
        for response in logged {
            #expect(table.stdout.contains(response.requestID), "\(table.all)")
        }
    }

    /// 48 updates sent 16 at a time: each journal row holds the status, request id and
    /// after-image of its own request (the request id the sandbox gave that record's PATCH).
    @Test func parallelWritesEachKeepTheirOwnRequestID() async throws {
        let f = try await JournalFixture.start(advocates: 48)
        defer { Task { await f.stop() } }
        let out = try f.civi(["--verbose", "-e", """
            advocates() | parallel 16 update(it, {city: "C-${it.id}"}) | count
            """])
        #expect(out.status == 0 && out.stdout == "48\n", "\(out.all)")
        var requestOf: [String: String] = [:]
        for response in Self.responses(in: out.stderr) where response.method == "PATCH" {
            requestOf[String(response.url.split(separator: "/").last ?? "")] = response.requestID
        }
        #expect(requestOf.count == 48, "\(out.stderr)")
        let id = try #require(try f.runs().first?["run"] as? String)
        let writes = try f.writes(of: id)
        #expect(writes.count == 48)
        for w in writes {
            let record = try #require(w["record_id"] as? String)
            #expect(w["status"] as? Int == 200, "\(w)")
            #expect(w["request_id"] as? String == requestOf[record], "\(record): \(w)")
            #expect((w["after"] as? [String: Any])?["city"] as? String == "C-\(record)", "\(w)")
        }
        #expect(Set(writes.compactMap { $0["request_id"] as? String }).count == 48)
    }

    /// An inverse write the API refuses is reported by undo with its request id (a 409: the email
    /// the undo puts back now belongs to another advocate).
    @Test func aRefusedUndoWriteNamesItsRequestID() async throws {
        let f = try await JournalFixture.start(advocates: 5)
        defer { Task { await f.stop() } }
        let run = try f.civi(["-e", """
            a = advocates() | sort .id | first
            moved = update(a, {email: "moved@example.org"})
            print(a.email)
            """])
        #expect(run.status == 0, "\(run.all)")
        let oldEmail = run.stdout.trimmingCharacters(in: .newlines)
        let id = try #require(try f.runs().first?["run"] as? String)
        let taken = try f.civi(["--no-journal", "-e", """
            b = advocates() | sort .id | last
            print(update(b, {email: "\(oldEmail)"}).email)
            """])
        #expect(taken.status == 0 && taken.stdout == oldEmail + "\n", "\(taken.all)")

        let undo = try f.civi(["--verbose", "undo", id])
        #expect(undo.status == 1, "\(undo.all)")
        let refused = try #require(Self.responses(in: undo.stderr).first { $0.method == "PATCH" }, "\(undo.all)")
        #expect(refused.status == 409)
        #expect(undo.stdout.contains("#1: failed: ") && undo.stdout.contains("(request \(refused.requestID))"), "\(undo.all)")
        let undoRun = try #require(try f.runs().first?["run"] as? String)
        let undoWrite = try #require(try f.writes(of: undoRun).first)
        #expect(undoWrite["state"] as? String == "failed" && undoWrite["status"] as? Int == 409, "\(undoWrite)")
        #expect(undoWrite["request_id"] as? String == refused.requestID, "\(undoWrite)")
    }

    /// One response as `--verbose` logs it.
    struct LoggedResponse {
        var requestID: String
        var method: String
        var url: String
        var status: Int
    }

    /// The responses `--verbose` logged on stderr, in the order they arrived.
    static func responses(in stderr: String) -> [LoggedResponse] {
        stderr.split(separator: "\n").compactMap { line -> LoggedResponse? in
            guard let idRange = line.range(of: "request_id="), let marker = line.range(of: "[CiviClient] ") else { return nil }
            let id = line[idRange.upperBound...].prefix { $0 != " " }
            let words = line[marker.upperBound...].split(separator: " ")
            guard words.count >= 4, words[2] == "->", let status = Int(words[3]), id != "-" else { return nil }
            return LoggedResponse(requestID: String(id), method: String(words[0]), url: String(words[1]), status: status)
        }
    }
}
