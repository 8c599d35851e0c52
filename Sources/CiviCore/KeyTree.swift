/// A node of the key-sequence tree a `ShapeCache` grows while reading: the path from the root
/// spells the keys of an object read so far, in order, and the node remembers the shape of an
/// object whose keys end here.
///
/// Reading an object walks the tree one key at a time, comparing the key's bytes in the input
/// with the bytes of the keys seen after this prefix before (the one taken last time first), so
/// a key seen before makes no `String` and an object's shape is found without hashing its keys.
final class KeyNode {
    /// This node's key (empty at the root).
    let key: String
    /// The node whose path this one extends; nil at the root. Parents own their children, so
    /// the back link is unowned to keep the tree free of cycles.
    unowned let parent: KeyNode?
    /// How many keys the path holds (0 at the root).
    let depth: Int
    /// The key ends in `_at`, so a timestamp string under it becomes a date.
    let endsInAt: Bool
    /// Some key occurs twice on the path, so objects ending here need the last-wins merge.
    let hasDuplicate: Bool
    /// The shape of objects whose keys are exactly this path, once one has been read.
    var shape: Shape?
    /// The field count of the last object whose first key is this node: the capacity to
    /// reserve for the next one, which most likely has the same keys.
    var widthHint = 0
    private(set) var children: [KeyNode] = []
    /// The child taken most recently: records of one list mostly share their keys, so it is
    /// the best single guess for the next key.
    private var recent: KeyNode?
    // The last short string read under this key and its bytes as two little-endian words:
    // values such as a country or a status repeat from record to record, and making the
    // String is the costliest step of reading one.
    private var recentValue = ""
    private var recentLow: UInt64 = 0
    private var recentHigh: UInt64 = 0
    private var recentCount = -1
    /// The key's UTF-8 bytes as the input spells them once escapes are resolved.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let count: Int

    /// The root of a tree.
    init() {
        key = ""
        parent = nil
        depth = 0
        endsInAt = false
        hasDuplicate = false
        bytes = .allocate(capacity: 1)
        count = 0
    }

    private init(key: String, bytes source: UnsafeBufferPointer<UInt8>, parent: KeyNode) {
        self.key = key
        self.parent = parent
        depth = parent.depth + 1
        endsInAt = key.hasSuffix("_at")
        var duplicate = parent.hasDuplicate
        var p: KeyNode? = parent
        // String equality, as a key list's `contains` would compare, so canonically equal
        // spellings count as the same key.
        while !duplicate, let q = p, q.depth > 0 {
            if q.key == key { duplicate = true }
            p = q.parent
        }
        hasDuplicate = duplicate
        count = source.count
        bytes = .allocate(capacity: max(count, 1))
        if let s = source.baseAddress { bytes.initialize(from: s, count: count) }
    }

    deinit { bytes.deallocate() }

    /// The child whose key has exactly these bytes, if it was seen after this path before.
    @inline(__always)
    func child(matching key: UnsafeBufferPointer<UInt8>) -> KeyNode? {
        if let r = recent, r.matches(key) { return r }
        for c in children where c !== recent && c.matches(key) {
            recent = c
            return c
        }
        return nil
    }

    /// The string for a value of at most 15 bytes (`low`/`high` hold them, zero-padded),
    /// reusing the previous value under this key when the bytes are the same.
    @inline(__always)
    func string(_ text: UnsafeBufferPointer<UInt8>, low: UInt64, high: UInt64) -> String {
        if text.count == recentCount, low == recentLow, high == recentHigh { return recentValue }
        let s = String(decoding: text, as: UTF8.self)
        recentValue = s
        recentLow = low
        recentHigh = high
        recentCount = text.count
        return s
    }

    /// Adds the child for a key not seen after this path before.
    func addChild(key: String, bytes: UnsafeBufferPointer<UInt8>) -> KeyNode {
        let c = KeyNode(key: key, bytes: bytes, parent: self)
        children.append(c)
        recent = c
        return c
    }

    /// The keys from the root to this node, in order.
    func pathKeys() -> [String] {
        var keys: [String] = []
        keys.reserveCapacity(depth)
        var p: KeyNode? = self
        while let q = p, q.depth > 0 {
            keys.append(q.key)
            p = q.parent
        }
        keys.reverse()
        return keys
    }

    @inline(__always)
    private func matches(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == count, let k = key.baseAddress else { return key.count == count }
        var j = 0
        // Eight bytes at a time: keys are mostly short, and a word compare halves the work.
        while j + 8 <= count {
            let a = UnsafeRawPointer(k + j).loadUnaligned(as: UInt64.self)
            let b = UnsafeRawPointer(bytes + j).loadUnaligned(as: UInt64.self)
            if a != b { return false }
            j += 8
        }
        while j < count {
            if k[j] != bytes[j] { return false }
            j += 1
        }
        return true
    }
}
