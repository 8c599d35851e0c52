import CiviCore
import CiviSandbox
import Foundation

/// Decode throughput of CiviCore's JSONReader (bytes → Value, dates converted) against Foundation's
/// JSONSerialization on the same ~20 MB of API pages (a row of scripts/bench, not part of `civi`).
enum DecodeBenchmark {
    /// Measures both decoders (best of three each) and returns the row as a JSON object.
    static func run(seed: UInt64) throws -> String {
        // 200 pages of 100 advocates, each wrapped as the API sends it.
        let all = SandboxSeeder.advocatesJSON(count: 20_000, seed: seed)
        guard case .list(let records) = try JSONReader.read(all, options: .init(convertDates: false)) else {
            throw CocoaError(.coderReadCorrupt)
        }
        var pages: [[UInt8]] = []
        var start = 0
        while start < records.count {
            let slice = Array(records[start..<min(start + 100, records.count)])
            let body = Value.record(Record([("data", .list(slice)),
                                            ("meta", .record(Record([("page", .int(start / 100 + 1)), ("per_page", .int(100))]))),
                                            ("links", .record(Record([("next", .null)])))]))
            pages.append(try JSONWriter.encode(body))
            start += 100
        }
        var repeatPages = pages
        while repeatPages.reduce(0, { $0 + $1.count }) < 20_000_000 { repeatPages += pages }
        let total = Double(repeatPages.reduce(0) { $0 + $1.count })
        func measure(_ body: () throws -> Void) rethrows -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let t = DispatchTime.now().uptimeNanoseconds
                try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
            }
            return best
        }
        let shapes = ShapeCache()
        let civi = try measure {
            for p in repeatPages { _ = try JSONReader.read(p, options: .init(convertDates: true, resource: "advocates"), shapes: shapes) }
        }
        let datas = repeatPages.map { Data($0) }
        let foundation = try measure {
            for d in datas { _ = try JSONSerialization.jsonObject(with: d) }
        }
        let mb = total / 1e6
        return "{\"megabytes\": \(mb), \"civi_mb_s\": \(mb / civi), \"foundation_mb_s\": \(mb / foundation)}"
    }
}

// Usage: civi-decode-bench [SEED]; prints {"megabytes", "civi_mb_s", "foundation_mb_s"}.
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 1, let seed = UInt64(arguments.first ?? "1") else {
    FileHandle.standardError.write(Data("usage: civi-decode-bench [SEED]\n".utf8))
    exit(2)
}
print(try DecodeBenchmark.run(seed: seed))
