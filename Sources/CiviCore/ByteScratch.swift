/// Growable bytes for strings with escapes, which cannot be viewed in the input directly.
final class ByteScratch {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity = 64

    init() { base = .allocate(capacity: 64) }
    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ b: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = b
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let src = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).initialize(from: src, count: bytes.count)
        count += bytes.count
    }

    /// Appends a scalar (never a surrogate) as UTF-8.
    func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            append(UInt8(s))
        } else if s < 0x800 {
            append(UInt8(0xC0 | s >> 6))
            append(UInt8(0x80 | s & 0x3F))
        } else if s < 0x10000 {
            append(UInt8(0xE0 | s >> 12))
            append(UInt8(0x80 | s >> 6 & 0x3F))
            append(UInt8(0x80 | s & 0x3F))
        } else {
            append(UInt8(0xF0 | s >> 18))
            append(UInt8(0x80 | s >> 12 & 0x3F))
            append(UInt8(0x80 | s >> 6 & 0x3F))
            append(UInt8(0x80 | s & 0x3F))
        }
    }

    private func grow(to needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.initialize(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }
}
