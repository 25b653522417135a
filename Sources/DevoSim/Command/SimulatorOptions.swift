import Foundation

/// Everything that configures one simulator instance. Every field has a default, so
/// `SimulatorOptions()` is a working simulator with no jobs and no credentials (every
/// request gets 401): set `apiKey`/`apiSecret` and/or `token`/`jwt`, or use
/// ``DevoSimulator/embedded(jobs:seed:speed:faults:)`` for fresh random ones.
public struct SimulatorOptions: Sendable {
    /// TCP port on 127.0.0.1; 0 lets the operating system pick a free one.
    public var port: Int = 0
    /// How many jobs ``Seeder`` creates at start.
    public var jobs: Int = 0
    /// Seed of every random choice (seeded jobs, job ids, cids, fault dice), so a run is
    /// reproducible.
    public var seed: UInt64 = 1
    /// API key + secret accepted with an HMAC signature; both nil disables that scheme.
    public var apiKey: String?
    public var apiSecret: String?
    /// Accepted as `Authorization: Bearer <token>`.
    public var token: String?
    /// Accepted as `Authorization: jwt <jwt>`.
    public var jwt: String?
    /// Data milliseconds processed per clock millisecond by a running job: 3600 lets an
    /// hour of data pass per second, 86400 a day.
    public var speed: Double = 3600
    /// How long a new job stays CREATED before it starts RUNNING (clock seconds).
    public var createdDuration: TimeInterval = 0.5
    /// Accepted distance between `x-logtrust-timestamp` and the clock, either direction
    /// (devo-api.md §9 point 1: ±300 s).
    public var signatureWindow: TimeInterval = 300
    /// Fault injection, all off by default; can be changed at run time.
    public var faults = FaultOptions()
    /// false (default): a removed job is deleted and later asks for it get 404 / status 100,
    /// as Devo documents for the future. true: it stays listed with status REMOVED.
    public var removedJobsVisible = false
    /// false (default): stop, start and remove answer with Devo's short job object (status,
    /// id, lastDatetime, error), as its task document shows. true: with the whole job.
    public var fullActionReplies = false
    /// Also accept `Authorization: <token>` without the `Bearer ` prefix (js-helper style).
    public var acceptBareToken = false
    /// Devo domain written into every job.
    public var domain = "self"
    /// Owner of jobs created through `POST /search/query` (Devo shows an email or a hash).
    public var owner = "you@example.com"
    /// Called after every request (on the connection's thread), e.g. to print a log line.
    public var requestObserver: (@Sendable (SimulatorRequestRecord) -> Void)?
    /// Time source of the job lifecycle and of the signature window.
    public var clock: any SimulatorClock = SystemClock()
    /// Socket-level limits and timeouts.
    public var limits = ServerLimits()

    public init() {}
}

extension SimulatorOptions: CustomStringConvertible {
    /// Shows which credentials are set, never their values, so that logging the options
    /// cannot leak a secret.
    public var description: String {
        func shown(_ value: String?) -> String { value == nil ? "unset" : "set" }
        return "SimulatorOptions(port: \(port), jobs: \(jobs), seed: \(seed), apiKey: \(shown(apiKey)), "
            + "apiSecret: \(shown(apiSecret)), token: \(shown(token)), jwt: \(shown(jwt)), speed: \(speed), "
            + "signatureWindow: \(signatureWindow), faults: \(faults), removedJobsVisible: \(removedJobsVisible), "
            + "fullActionReplies: \(fullActionReplies), acceptBareToken: \(acceptBareToken))"
    }
}

/// Bounds that keep one misbehaving client from exhausting the server.
public struct ServerLimits: Sendable {
    /// Longest request line (method, target, version) in bytes → 414 beyond.
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section in bytes (request line included) → 431 beyond.
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields in one request → 431 beyond.
    public var maxHeaderCount = 100
    /// Largest request body → 413 beyond.
    public var maxBodyBytes = 1024 * 1024
    /// Open connections served at once; the next one gets a 503 and is closed.
    public var maxConnections = 1024
    /// A keep-alive connection with no new request for this long is closed.
    public var idleTimeout: TimeInterval = 30
    /// A request whose bytes do not all arrive within this long after its first byte gets a
    /// 408 and the connection is closed (slow-client protection).
    public var requestTimeout: TimeInterval = 10
    /// A client that does not read its response for this long is disconnected.
    public var sendTimeout: TimeInterval = 10

    public init() {}
}

/// Injected misbehaviour, each kind off by default. Rates are probabilities in 0...1 drawn
/// from a generator seeded with ``seed`` so a failing run can be repeated.
public struct FaultOptions: Sendable, Equatable {
    /// Added before every answer, in seconds.
    public var latency: TimeInterval = 0
    /// Share of requests answered with HTTP 500/503 and Devo's `server_error` body instead
    /// of being processed.
    public var errorRate: Double = 0
    /// Requests per second above which a request gets 429 with `Retry-After` (a token bucket
    /// filling at this rate and holding a tenth of a second's worth, at least ten); nil = no limit.
    public var rateLimit: Int?
    /// Share of requests that are processed but whose connection is closed halfway through
    /// the response.
    public var dropRate: Double = 0
    /// Share of requests that are processed but answered 200 with a truncated JSON body.
    public var malformedRate: Double = 0
    /// Share of requests answered 502 with an HTML page, as a proxy in front of Devo would.
    public var htmlErrorRate: Double = 0
    /// Accept connections and read requests but never answer them.
    public var hang = false
    /// The next this-many requests after the faults are set are answered 503 without being
    /// processed, then the server recovers: a deterministic burst, for retry tests.
    public var serverErrorBurst = 0
    /// Seed of the fault dice.
    public var seed: UInt64 = 1

    public init(latency: TimeInterval = 0, errorRate: Double = 0, rateLimit: Int? = nil,
                dropRate: Double = 0, malformedRate: Double = 0, htmlErrorRate: Double = 0,
                hang: Bool = false, serverErrorBurst: Int = 0, seed: UInt64 = 1) {
        self.latency = latency
        self.errorRate = errorRate
        self.rateLimit = rateLimit
        self.dropRate = dropRate
        self.malformedRate = malformedRate
        self.htmlErrorRate = htmlErrorRate
        self.hang = hang
        self.serverErrorBurst = serverErrorBurst
        self.seed = seed
    }
}
