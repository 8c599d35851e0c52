import CiviCore
import Testing
@testable import CiviLang

/// `read_json(F) | ... | consumer` reads the file as a stream (`JSONFileStream`), keeping only the
/// fields the stages read. Each pipeline here runs both ways — streamed, and over the list (a step
/// limit turns streaming off, so the source and its positions are the same) — and must give the
/// same value or the same rendered error.
@Suite("read_json at the head of a pipeline, streamed")
struct JSONStreamTests {
    static let files: [String: String] = [
        "tricky.json": #"""
        [ {"name":"a","state":"CA","opt":true,"n":1,"nested":{"x":[1,{"y":"z"}]},"created_at":"2024-01-02T03:04:05Z"},
          {"name":"b\"q","st\u0061te":"NY","opt":false,"n":2.5,"state":"CA","tags":["\u00e9"]},
          {"name":"c","state":"NY","opt":true,"n":-3,"big":10000000000000000000000},
          {"name":"d","state":"CA","opt":true,"n":4,"id":"adv_4"},
          {"name":"e","opt":true,"n":5}
        ]
        """#,
        "end.json": #"[{"name":"a","state":"CA","opt":true,"n":1},{"name":"b","state":"CA","opt":true,"n":2}"#,
        "skipped.json": #"[{"name":"a","state":"CA","opt":true,"n":1},{"name":"b","state":"NY","blob":"bad \q"}]"#,
        "trailing.json": #"[{"name":"a","state":"CA","opt":true,"n":1}] extra"#,
        "mixed.json": #"[{"name":"a","state":"CA","opt":true,"n":1}, 7, {"name":"b","state":"NY","n":"two","id":"adv_2"}]"#,
        "object.json": #"{"name":"a","state":"CA"}"#,
        "empty.json": " [ ] ",
    ]

    static let pipelines = [
        #"read_json(P) | where .state == "CA" and .opt | count"#,
        #"read_json(P) | group .state | map {state: .key, n: .count}"#,
        #"read_json(P) | group .state | count"#,
        #"read_json(P) | group .state"#,
        #"read_json(P) | where .n > 1 | map .name | collect"#,
        #"read_json(P) | where .n + 1 > 2 | count"#,
        #"read_json(P) | select name, n | take 2 | collect"#,
        #"read_json(P) | skip 1 | take 2 | map "\(.name)!" | collect"#,
        #"read_json(P) | take 1 | count"#,
        #"read_json(P) | sum .n"#,
        #"read_json(P) | max .n"#,
        #"read_json(P) | sort .n | map .name"#,
        #"read_json(P) | unique .state | map .name"#,
        #"read_json(P) | first"#,
        #"read_json(P) | last"#,
        #"read_json(P) | where .state == wanted | map [.name, .nested.x] | collect"#,
    ]

    @Test("streamed and listed agree on values and errors", arguments: pipelines)
    func bothWays(pipeline: String) {
        let dir = ScratchDirectory()
        for (name, text) in Self.files.sorted(by: { $0.key < $1.key }) {
            dir.write(name, text)
            let source = "P = \"\(dir.path)/\(name)\"\nwanted = \"CA\"\n" + pipeline
            let streamed = run(source)
            let listed = run(source) { $0.stepLimit = Int.max }
            #expect(streamed.value == listed.value, "\(name): \(pipeline)")
            #expect(streamed.error?.render(color: false) == listed.error?.render(color: false), "\(name): \(pipeline)")
        }
    }

    @Test("the values of the bench pipelines")
    func knownAnswers() {
        let dir = ScratchDirectory()
        dir.write("tricky.json", Self.files["tricky.json"] ?? "")
        let p = "P = \"\(dir.path)/tricky.json\"\n"
        #expect(value(p + #"read_json(P) | where .state == "CA" and .opt | count"#) == 2)
        #expect(value(p + #"read_json(P) | group .state | map {state: .key, n: .count}"#)
                == .list([rec(["state": "CA", "n": 3]), rec(["state": "NY", "n": 1]), rec(["state": .null, "n": 1])]))
        dir.write("end.json", Self.files["end.json"] ?? "")
        let endError = run("P = \"\(dir.path)/end.json\"\nread_json(P) | take 1 | count", name: "s.civi").error
        #expect(endError?.message.hasSuffix("unexpected end of JSON input inside an array") == true,
                "stopping early still reports bad JSON at the end")
        #expect(endError?.render(color: false).contains("s.civi:2:1") == true, "at the read_json call")
    }

    /// The stages of the pipeline in `source`.
    private func stages(_ source: String) -> [Stage] {
        var p = Parser(file: SourceFile(name: "p", text: source))
        guard case .expr(var e)? = p.parseChunk().first?.kind else { return [] }
        var out: [Stage] = []
        while case .pipeline(let input, let stage) = e.kind {
            out.insert(stage, at: 0)
            e = input
        }
        return out
    }

    private func plan(_ source: String) -> JSONStreamPlan? { JSONStreamPlan(stages(source)) }

    @Test("the plan keeps only the fields the stages read, or everything when records are kept")
    func fields() {
        #expect(plan(#"read_json(F) | where .state == "CA" and .email_opt_in | count"#)?.fields == ["state", "email_opt_in"])
        #expect(plan("read_json(F) | group .state | map {state: .key, n: .count}")?.fields == ["state"])
        #expect(plan("read_json(F) | where .a > 1 | map .b | where .c | count")?.fields == ["a", "b"], "after a map, reads are of the new values")
        #expect(plan("read_json(F) | select a, b | first")?.fields == ["a", "b"])
        #expect(plan("read_json(F) | sum .n")?.fields == ["n"])
        #expect(plan("read_json(F) | group .state")?.fields == nil, "the groups hold whole records")
        #expect(plan("read_json(F) | group .state | map .items")?.fields == nil)
        #expect(plan("read_json(F) | where .a | first")?.fields == nil)
        #expect(plan("read_json(F) | where it.a | map it | count")?.fields == nil, "`it` is the whole record")
        #expect(plan("read_json(F) | max")?.fields == nil)
        #expect(plan("read_json(F) | take 2 | count")?.consumer == 1)
    }

    @Test("pipelines with effects, calls, or no consumer are not streamed")
    func notStreamed() {
        #expect(plan("read_json(F) | where .a | collect") != nil)
        #expect(plan("read_json(F) | where .a") == nil, "the result would be a stream")
        #expect(plan("read_json(F) | where .a | each print(it)") == nil)
        #expect(plan("read_json(F) | where f(.a) | count") == nil, "a call may have effects")
        #expect(plan("read_json(F) | where pred | count") == nil, "a function value is applied to the element")
        #expect(plan("read_json(F) | where x => x.a | count") == nil)
        #expect(plan("read_json(F) | take n | count") == nil, "the count is evaluated between stages")
        #expect(plan("read_json(F) | parallel 2 .a") == nil)
    }
}
