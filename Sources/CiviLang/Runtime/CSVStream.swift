import CiviCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `read_csv(path, {stream: true})`: a CSV file as a stream of records, parsed row by row as it is
/// consumed, like an API listing page by page. `| where ... | take 3` reads only as far as it
/// needs, and a file of any size needs memory for one chunk and one row. Each consumption reads
/// the file again (`collect` to keep a copy).
final class CSVStream: LazyStream, @unchecked Sendable {
    let runtime: Runtime
    let file: CSVFile
    let stages: [StreamStage]
    let displayName: String

    init(runtime: Runtime, file: CSVFile, stages: [StreamStage] = [], displayName: String? = nil) {
        self.runtime = runtime
        self.file = file
        self.stages = stages
        self.displayName = displayName ?? Self.source(file)
    }

    /// `read_csv("people.csv")`: the call that made the stream.
    private static func source(_ file: CSVFile) -> String { "read_csv(\(ValueFormat.quote(file.shown)))" }

    func adding(_ stage: StreamStage) -> any LazyStream {
        CSVStream(runtime: runtime, file: file, stages: stages + [stage], displayName: "\(displayName) | \(stage.label)")
    }

    /// Reads the file row by row through the stages.
    func forEach(_ ctx: Context, wantsAll: Bool, onTotal: ((Int?) -> Void)?,
                 _ body: (Value) throws -> Bool) throws {
        runtime.noteRead(describe())
        let fd = try csv { () throws(LibraryError) in
            try FileIO.openForReading(file.path, shown: file.shown, by: "read_csv", special: file.special)
        }
        defer { close(fd) }
        var rows = try parsing { () throws(LibraryError) in try CSVFile.rows(from: fd) }
        guard let header = try parsing({ () throws(LibraryError) in try CSVReader.header(from: &rows) }) else { return }
        var runner = StepRunner(stages)
        while let record = try parsing({ () throws(LibraryError) in try CSVReader.nextRecord(from: &rows, header: header) }) {
            try ctx.tick()
            switch try runner.run(ctx, record) {
            case .dropped: continue
            case .finished: return
            case .passed(let v, let last): if !(try body(v)) || last { return }
            }
        }
    }

    func count(_ ctx: Context) throws -> Int { try countByReading(ctx) }

    func preview(_ ctx: Context, limit: Int) throws -> StreamPreview { try previewByReading(ctx, limit: limit) }

    /// The whole file is read from the start each time; every stage runs here.
    func describe() -> StreamDescription { StreamDescription(source: Self.source(file), stages: stages.map(\.label)) }

    /// A library failure as a located fault.
    private func csv<T>(_ body: () throws(LibraryError) -> T) throws -> T {
        do throws(LibraryError) { return try body() } catch { throw Library.fault(error) }
    }

    /// A parse failure, naming the file as `read_csv` does.
    private func parsing<T>(_ body: () throws(LibraryError) -> T) throws -> T {
        do throws(LibraryError) { return try body() } catch {
            throw Fault("read_csv: \(ValueFormat.quote(file.shown)): \(error.message)", hint: error.hint)
        }
    }
}
