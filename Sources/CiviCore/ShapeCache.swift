/// Interns record shapes so that records with equal keys share one `Shape`.
public final class ShapeCache: @unchecked Sendable {
    // Used by one reader at a time (not shared across threads); the class only lets the
    // cache outlive a single read so all pages of a stream share their shapes.
    private var shapes: [ShapeKey: Shape] = [:]
    // One key tree per resource tag, since a shape carries the resource of its records.
    private var roots: [String?: KeyNode] = [:]
    private var nodeCount = 0
    // Bounds on the key tree: an object used as a map (ids as keys) would otherwise grow it
    // without end, and scanning many children per key would cost more than hashing.
    private static let maxNodes = 1 << 16
    private static let maxChildren = 64
    /// An empty cache.
    public init() {}

    func shape(for keys: [String], resource: String?) -> Shape {
        let key = ShapeKey(keys: keys, resource: resource)
        if let s = shapes[key] { return s }
        let s = Shape(keys: keys, resource: resource)
        if shapes.count < 4096 { shapes[key] = s }
        return s
    }

    /// The key tree of objects tagged with `resource`.
    func root(for resource: String?) -> KeyNode {
        if let r = roots[resource] { return r }
        let r = KeyNode()
        roots[resource] = r
        return r
    }

    /// A new child of `node` for a key not seen after it before, or nil when the tree is full.
    func addChild(to node: KeyNode, key: String, bytes: UnsafeBufferPointer<UInt8>) -> KeyNode? {
        guard nodeCount < Self.maxNodes, node.children.count < Self.maxChildren else { return nil }
        nodeCount += 1
        return node.addChild(key: key, bytes: bytes)
    }

    /// The shape of objects whose keys are `node`'s path (interned like `shape(for:resource:)`).
    @inline(__always)
    func shape(at node: KeyNode, resource: String?) -> Shape {
        if let s = node.shape { return s }
        let s = shape(for: node.pathKeys(), resource: resource)
        node.shape = s
        return s
    }

    private struct ShapeKey: Hashable {
        let keys: [String]
        let resource: String?
    }
}
