import CiviCore

/// What the shell can do with a stream value without knowing its class: show a preview, fetch all.
public enum StreamAccess {
    /// The first `limit` elements, whether more exist, and the listing's total when the server gave one.
    public static func preview(_ stream: any StreamObject, limit: Int) throws(Diagnostic) -> (items: [Value], hasMore: Bool, total: Int?) {
        guard let q = stream as? any LazyStream else { throw unknown(stream) }
        do { return try q.preview(limit: limit) } catch let d as Diagnostic { throw d } catch {
            throw Fault.from(error).diagnostic
        }
    }

    /// Every element (the whole listing is fetched).
    public static func collect(_ stream: any StreamObject) throws(Diagnostic) -> [Value] {
        guard let q = stream as? any LazyStream else { throw unknown(stream) }
        do { return try Context(runtime: q.runtime).materialise(.stream(q), stage: "collect") } catch let f as Fault {
            throw f.diagnostic
        } catch {
            throw Fault.from(error).diagnostic
        }
    }

    static func unknown(_ stream: any StreamObject) -> Diagnostic {
        Diagnostic(kind: .runtime, message: "cannot read the stream \(stream.displayName)")
    }
}
