/// How to run a sandbox server: where its data lives, how it is seeded and which faults it injects.
public struct SandboxOptions: Sendable {
    /// SQLite file to keep data in; nil keeps everything in memory.
    public var dbPath: String?
    /// Interface to bind.
    public var host: String
    /// Port to bind; 0 picks a free port.
    public var port: Int
    /// The accepted API key; nil makes a random `sk_sandbox_…` key.
    public var apiKey: String?
    /// Seed of the generated data (same seed, same data).
    public var seed: UInt64
    /// Number of seeded campaigns.
    public var campaigns: Int
    /// Number of seeded advocates.
    public var advocates: Int
    /// Number of seeded actions.
    public var actions: Int
    /// Delay added to every response, in milliseconds.
    public var latencyMs: Int
    /// Fraction (0...1) of API requests answered with 503 before any work.
    public var failRate: Double
    /// One line per request on stderr (method, path, status, ms).
    public var log: Bool
    /// Delete the database file and seed it again.
    public var reset: Bool
    /// The newest seeded timestamp (milliseconds since the epoch); nil anchors the data at the
    /// moment the database is seeded. Same seed and anchor, same data.
    public var anchorMs: Int64?

    /// Options with every default: in memory, free port, random key, seed 1, 24/5,000/40,000 records.
    public init(dbPath: String? = nil, host: String = "127.0.0.1", port: Int = 0, apiKey: String? = nil,
                seed: UInt64 = 1, campaigns: Int = 24, advocates: Int = 5_000, actions: Int = 40_000,
                latencyMs: Int = 0, failRate: Double = 0.0, log: Bool = false, reset: Bool = false,
                anchorMs: Int64? = nil) {
        self.dbPath = dbPath
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.seed = seed
        self.campaigns = campaigns
        self.advocates = advocates
        self.actions = actions
        self.latencyMs = latencyMs
        self.failRate = failRate
        self.log = log
        self.reset = reset
        self.anchorMs = anchorMs
    }
}
