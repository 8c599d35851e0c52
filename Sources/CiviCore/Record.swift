/// The ordered key set of a record, shared by every record with the same keys (e.g. every
/// advocate of a page), so that field lookups can be cached by shape identity.
public final class Shape: @unchecked Sendable {
    // Immutable once shared: `Record` only mutates a shape in place while it holds the sole
    // reference (isKnownUniquelyReferenced), which makes building a big record amortised O(1) per key.
    /// The keys, in order.
    public private(set) var keys: [String]
    /// The API resource (e.g. `advocates`) that records of this shape came from, if any.
    public let resource: String?
    private var index: [String: Int]

    /// Makes a shape; keys must be distinct.
    public init(keys: [String], resource: String? = nil) {
        self.keys = keys
        self.resource = resource
        var index = [String: Int](minimumCapacity: keys.count)
        for (i, k) in keys.enumerated() { index[k] = i }
        self.index = index
    }

    /// The empty shape.
    public static let empty = Shape(keys: [])

    /// The slot of `key`, if present.
    @inline(__always)
    public func slot(of key: String) -> Int? { index[key] }

    /// This shape with `key` appended.
    public func appending(_ key: String) -> Shape { Shape(keys: keys + [key], resource: resource) }

    /// Appends in place; only for a shape nobody else references.
    fileprivate func appendInPlace(_ key: String) {
        index[key] = keys.count
        keys.append(key)
    }

    /// This shape with the key at `slot` removed.
    public func removing(slot: Int) -> Shape {
        var k = keys
        k.remove(at: slot)
        return Shape(keys: k, resource: resource)
    }

    /// This shape's keys tagged with another resource.
    public func withResource(_ resource: String?) -> Shape {
        resource == self.resource ? self : Shape(keys: keys, resource: resource)
    }
}

/// A record: ordered keys with values, value semantics, and the resource it came from.
public struct Record: Sendable {
    /// The record's key layout (shared between records with equal keys).
    public private(set) var shape: Shape
    /// The values, in key order.
    public private(set) var values: [Value]

    /// An empty record.
    public init() {
        shape = .empty
        values = []
    }

    /// A record from a shape and matching values (count must agree).
    public init(shape: Shape, values: [Value]) {
        precondition(shape.keys.count == values.count, "record shape and values disagree")
        self.shape = shape
        self.values = values
    }

    /// A record from ordered pairs; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, Value)], resource: String? = nil) {
        var keys: [String] = []
        var vals: [Value] = []
        var seen: [String: Int] = [:]
        for (k, v) in pairs {
            if let i = seen[k] { vals[i] = v } else {
                seen[k] = keys.count
                keys.append(k)
                vals.append(v)
            }
        }
        shape = Shape(keys: keys, resource: resource)
        values = vals
    }

    /// The keys, in order.
    public var keys: [String] { shape.keys }
    /// The number of fields.
    public var count: Int { values.count }
    /// The resource this record came from (`campaigns`, `actions`, `advocates`), if any.
    public var resource: String? { shape.resource }
    /// The fields as ordered pairs.
    public var pairs: [(String, Value)] { Array(zip(shape.keys, values)) }

    /// The value of `key`, or nil when absent.
    public subscript(key: String) -> Value? {
        get { shape.slot(of: key).map { values[$0] } }
    }

    /// Sets `key` (appending it when new).
    public mutating func set(_ key: String, _ value: Value) {
        if let i = shape.slot(of: key) {
            values[i] = value
        } else {
            if isKnownUniquelyReferenced(&shape), shape !== Shape.empty {
                shape.appendInPlace(key)
            } else {
                shape = shape.appending(key)
            }
            values.append(value)
        }
    }

    /// Removes `key` if present.
    public mutating func remove(_ key: String) {
        guard let i = shape.slot(of: key) else { return }
        shape = shape.removing(slot: i)
        values.remove(at: i)
    }

    /// Tags this record with the resource it belongs to.
    public mutating func setResource(_ resource: String?) {
        shape = shape.withResource(resource)
    }

    /// The value at a slot of this record's shape (for cached lookups).
    @inline(__always)
    public func value(atSlot slot: Int) -> Value { values[slot] }

    /// This record merged with `other`; `other` wins on shared keys.
    public func merging(_ other: Record) -> Record {
        var out = self
        for (k, v) in zip(other.shape.keys, other.values) { out.set(k, v) }
        if out.resource == nil, let r = other.resource { out.setResource(r) }
        return out
    }
}

extension Record: Equatable {
    /// Structural equality; key order and the resource tag do not matter.
    public static func == (lhs: Record, rhs: Record) -> Bool {
        guard lhs.values.count == rhs.values.count else { return false }
        if lhs.shape === rhs.shape || lhs.shape.keys == rhs.shape.keys { return lhs.values == rhs.values }
        for (k, v) in zip(lhs.shape.keys, lhs.values) {
            guard let w = rhs[k], w == v else { return false }
        }
        return true
    }
}

extension Record: Hashable {
    /// Order-independent hash, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        var acc = 0
        for (k, v) in zip(shape.keys, values) {
            var h = Hasher()
            h.combine(k)
            h.combine(v)
            acc ^= h.finalize()
        }
        hasher.combine(values.count)
        hasher.combine(acc)
    }
}
