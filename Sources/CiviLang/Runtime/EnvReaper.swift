#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// Frees environments without recursing once per environment. A closure keeps the environment
/// it was made in, whose slots may hold another closure, and so on: `x = wrap(x)` in a loop
/// builds a chain a million long, and freeing it the ordinary way (each environment releasing
/// its slots from inside its own deinit) overflows the stack. Here only the outermost environment
/// being freed on a thread releases values; environments freed meanwhile hand their slots to it.
enum EnvReaper {
    private final class State {
        var draining = false
        var pending: [Value] = []
    }

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k) { raw in
            #if canImport(Glibc)
            guard let raw else { return }
            #endif
            Unmanaged<State>.fromOpaque(raw).release()
        }
        return k
    }()

    private static var state: State {
        if let raw = pthread_getspecific(key) { return Unmanaged<State>.fromOpaque(raw).takeUnretainedValue() }
        let s = State()
        pthread_setspecific(key, Unmanaged.passRetained(s).toOpaque())
        return s
    }

    /// Deinitializes the `count` values at `slots`, deferring nested environments' values.
    static func destroy(_ slots: UnsafeMutablePointer<Value>, count: Int) {
        guard holdsReferences(slots, count) else {
            slots.deinitialize(count: count)
            return
        }
        let s = state
        if s.draining {
            for i in 0..<count { s.pending.append((slots + i).move()) }
            return
        }
        s.draining = true
        slots.deinitialize(count: count)
        // Each value dropped here may free environments, which append their slots instead.
        while let v = s.pending.popLast() { _ = v }
        s.draining = false
    }

    /// False when every slot is a scalar or string (freeing them cannot reach an environment).
    private static func holdsReferences(_ slots: UnsafeMutablePointer<Value>, _ count: Int) -> Bool {
        for i in 0..<count {
            switch slots[i] {
            case .function, .list, .record, .stream: return true
            default: continue
            }
        }
        return false
    }
}
