import CiviTestSupport
import Foundation
import Testing

/// `civi check` reports misspelled fields of streams whose resource the code shows, with
/// file:line:col, and accepts the fields configuration adds; nothing is requested.
@Suite struct CheckFieldTypoTests {
    let home: String
    let env: [String: String]

    init() throws {
        home = try CiviProcess.temporaryHome()
        env = CiviProcess.environment(home: home)
    }

    func script(_ text: String) throws -> String {
        let path = home + "/script.civi"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func typosAreReportedWithTheirPlace() throws {
        let path = try script("""
            n = 0
            advocates() | where .stat == "CA" | each update(it, {tags: ["x"]})
            campaigns(status: "active") | select id, nme, slogan?
            """)
        let out = try CiviProcess.run(["check", path], environment: env)
        #expect(out.status == 2, "\(out.all)")
        #expect(out.stderr.contains("\(path):2:21: error: advocate has no field `stat`; did you mean `state`?"), "\(out.all)")
        #expect(out.stderr.contains("\(path):3:42: error: campaign has no field `nme`; did you mean `name`?"), "\(out.all)")
        #expect(!out.stderr.contains("no field `slogan`"), "an optional field is not a typo: \(out.all)")
    }

    @Test func fieldsAddedByConfigurationAreKnown() throws {
        let config = home + "/config/civi"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try """
            [profiles.default.fields]
            advocates = ["nickname"]
            """.write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        let path = try script(#"advocates() | where .nickname == "Ada" | map .first_name"#)
        let out = try CiviProcess.run(["check", path], environment: env)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.all.isEmpty, "\(out.all)")
    }
}
