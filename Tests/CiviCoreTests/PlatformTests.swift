import CiviCore
import Foundation
import Testing

@Suite("the platform layer: files, folders, clocks")
struct PlatformTests {
    private func scratch() throws -> String {
        let root = NSTemporaryDirectory() + "civi-platform-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        return root
    }

    @Test("makeParents creates every missing folder on the way to a file, not the file, and keeps existing ones")
    func parents() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        Directories.makeParents(of: root + "/a/b/history")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: root + "/a/b", isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(!FileManager.default.fileExists(atPath: root + "/a/b/history"))
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/a")[.posixPermissions] as? Int
        #expect(mode == 0o700)
        Directories.makeParents(of: root + "/a/b/other")
        #expect(FileManager.default.fileExists(atPath: root + "/a/b"))
    }

    @Test("WholeFile.write replaces a file with exactly the bytes, with the mode asked for, and says why it cannot")
    func writeAndReadBack() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let big = [UInt8]((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try WholeFile.write(big, to: root + "/f", mode: 0o600)
        try WholeFile.write("short".utf8, to: root + "/f", mode: 0o600)
        #expect(try WholeFile.read(path: root + "/f", allowSpecial: false) == Array("short".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/f")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: WholeFile.Failure.system(EISDIR)) { try WholeFile.write([1], to: root) }
        #expect(throws: WholeFile.Failure.system(ENOENT)) { try WholeFile.write([1], to: root + "/missing/f") }
        #expect(WholeFile.Failure.system(ENOENT).reason == "no such file or directory")
    }

    @Test("the monotonic clock never goes back and the wall clock agrees with Foundation's")
    func clocks() {
        let a = SystemClock.monotonicNanos()
        let b = SystemClock.monotonicNanos()
        #expect(b >= a)
        #expect(abs(SystemClock.wallSeconds() - Date().timeIntervalSince1970) < 5)
        #expect(abs(Double(SystemClock.wallNanos()) / 1e9 - Instant.now().seconds) < 5)
    }
}
