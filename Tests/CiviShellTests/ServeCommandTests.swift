import CiviTestSupport
import Foundation
import Testing

/// `civi serve` as a process: it stops cleanly on SIGTERM, however soon after announcing itself.
@Suite(.serialized) struct ServeCommandTests {
    /// Starts `civi serve` with a tiny in-memory seed; returns the process once its "serving" line is out.
    func startServer(home: String) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CiviProcess.binary)
        p.arguments = ["serve", "--port", "0", "--campaigns", "1", "--advocates", "2", "--actions", "2"]
        p.environment = CiviProcess.environment(home: home)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Plain read(2), so the signal follows the line as closely as possible.
        var seen: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let fd = out.fileHandleForReading.fileDescriptor
        while !String(decoding: seen, as: UTF8.self).contains("serving") {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            seen += chunk[0..<n]
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("serving"), "no serving line: \(String(decoding: seen, as: UTF8.self))")
        return (p, out)
    }

    @Test func sigtermRightAfterTheServingLineStopsTheServer() throws {
        let home = try CiviProcess.temporaryHome()
        for round in 1...16 {
            let (p, _) = try startServer(home: home)
            kill(p.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(2)
            while p.isRunning, Date() < deadline { usleep(10_000) }
            let stillUp = p.isRunning
            if stillUp { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
            #expect(!stillUp, "round \(round): the server ignored SIGTERM")
            #expect(p.terminationReason == .exit && p.terminationStatus == 0,
                    "round \(round): not a clean stop (\(p.terminationReason == .exit ? "exit" : "signal") \(p.terminationStatus))")
            if stillUp { break }
        }
    }
}
