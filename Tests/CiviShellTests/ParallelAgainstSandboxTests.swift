import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// `parallel` reads its input as it arrives; writes that remove records from the very listing
/// it reads must still visit every record exactly once (the client compensates between pages).
@Suite(.serialized) struct ParallelAgainstSandboxTests {
    @Test func parallelDeletesWhileReadingVisitEveryRecordOnce() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 450, actions: 0))
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
        let source = """
        ca = advocates(state: "CA") | count
        total = advocates() | count
        gone = advocates(state: "CA") | parallel 8 delete(it) | count
        print(gone == ca, advocates(state: "CA") | count, (advocates() | count) == total - ca)
        seen = advocates() | parallel 8 update(it, {email_opt_in: true}) | map .id
        print(len(seen) == total - ca, (seen | unique | count) == len(seen))
        """
        let result = Result { try CiviProcess.run(sandbox.arguments + ["-e", source], environment: env) }
        await sandbox.stop()
        let out = try result.get()
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout == "true 0 true\ntrue true\n", "\(out.all)")
    }

    /// The listing goes on while up to 16 writes are in flight (the sandbox applies a write
    /// before its latency, so the client hears of it late): each write takes its record out of
    /// the listing's filter, and still every record is visited exactly once.
    @Test func parallelWritesThatLeaveTheFilterOverlapTheListingAndVisitEveryRecordOnce() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 400, actions: 0, latencyMs: 5))
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home, extra: sandbox.keyEnvironment)
        let source = """
        before = advocates(email_opt_in: false) | map .id | collect
        seen = advocates(email_opt_in: false) | parallel 16 update(it, {email_opt_in: true}) | map .id
        print(len(before) > 100, len(seen) == len(before), (seen | unique | count) == len(seen))
        print((seen | sort it) == (before | sort it), advocates(email_opt_in: false) | count)
        ca = advocates(state: "CA") | map .id | collect
        gone = advocates(state: "CA") | parallel 16 (a => { delete(a); a.id })
        print(len(gone) == len(ca), (gone | sort it) == (ca | sort it), advocates(state: "CA") | count)
        """
        let result = Result { try CiviProcess.run(sandbox.arguments + ["-e", source], environment: env) }
        await sandbox.stop()
        let out = try result.get()
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout == "true true true\ntrue 0\ntrue true 0\n", "\(out.all)")
    }
}
