/// What a route answers before it becomes an HTTP response: status, JSON body, extra headers.
struct APIResponse: Sendable {
    var status: Int
    var body: [UInt8]
    var headers: [(String, String)] = []
}
