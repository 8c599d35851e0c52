/// The fields a projected read keeps (`JSONArrayElements` with `fields`), and the record being
/// collected from the object read now. Keys match as `String`s compare (canonically equal
/// spellings are one key, as in a record); plain ASCII keys are compared byte for byte. A value
/// type the reader owns, so its updates need no exclusivity checks at run time.
struct FieldPicker {
    private let names: [String]
    private let bytes: [[UInt8]]
    private let asciiName: [Bool]
    private let dates: [Bool]
    // Bit n: a kept name is n bytes of ASCII (n < 64). Most keys of a record are not kept, and
    // when every name is ASCII, an ASCII key of another length is rejected without a look at them.
    private let lengths: UInt64
    private let allASCII: Bool
    // The object being read: its kept slots in order of first appearance, and their values.
    private var order: [Int] = []
    private var values: [Value]
    private var seen: [Bool]
    // Objects of one file mostly share their key order: the last shape is reused while it does.
    private var lastOrder: [Int] = []
    private var lastShape: Shape?

    /// A picker of `names` (a repeated name counts once).
    init(_ names: [String]) {
        var unique: [String] = []
        for n in names where !unique.contains(n) { unique.append(n) }
        self.names = unique
        bytes = unique.map { Array($0.utf8) }
        asciiName = unique.map { $0.utf8.allSatisfy { $0 < 0x80 } }
        dates = unique.map { $0.hasSuffix("_at") }
        lengths = bytes.reduce(0) { $1.count < 64 ? $0 | 1 << UInt64($1.count) : $0 }
        allASCII = asciiName.allSatisfy { $0 }
        values = [Value](repeating: .null, count: unique.count)
        seen = [Bool](repeating: false, count: unique.count)
    }

    /// Starts a new object.
    @inline(__always)
    mutating func begin() {
        for s in order {
            seen[s] = false
            values[s] = .null
        }
        order.removeAll(keepingCapacity: true)
    }

    /// The slot of the key spelled by `key` (unescaped UTF-8), or nil when it is not kept.
    @inline(__always)
    func slot(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let ascii = key.allSatisfy { $0 < 0x80 }
        if ascii, allASCII, key.count < 64, lengths & 1 << UInt64(key.count) == 0 { return nil }
        var text: String?
        for s in 0..<bytes.count {
            if ascii, asciiName[s] {
                if bytes[s].count == key.count, bytes[s].withUnsafeBufferPointer({ $0.elementsEqual(key) }) { return s }
                continue
            }
            if text == nil { text = String(decoding: key, as: UTF8.self) }
            if text == names[s] { return s }
        }
        return nil
    }

    /// Whether a timestamp string under the key of `slot` becomes a date (its name ends in `_at`).
    @inline(__always)
    func isDate(_ slot: Int) -> Bool { dates[slot] }

    /// The value of the key of `slot`; a repeated key keeps its first position and last value,
    /// as `Record`'s pairs initialiser does.
    @inline(__always)
    mutating func found(_ slot: Int, _ value: Value) {
        if !seen[slot] {
            seen[slot] = true
            order.append(slot)
        }
        values[slot] = value
    }

    /// The record of the kept fields read since `begin`.
    mutating func record(_ shapes: ShapeCache, resource: String?) -> Record {
        let shape: Shape
        if let s = lastShape, order == lastOrder {
            shape = s
        } else {
            shape = shapes.shape(for: order.map { names[$0] }, resource: resource)
            lastShape = shape
            lastOrder = order
        }
        return Record(shape: shape, values: order.map { values[$0] })
    }
}
