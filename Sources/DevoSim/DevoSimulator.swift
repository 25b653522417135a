import Foundation

/// A local Devo Query API v2 job simulator: a real HTTP/1.1 server on 127.0.0.1 that
/// behaves like Devo's job endpoints (see the DevoSim documentation catalog for every
/// decision it makes where Devo's behaviour is not documented).
///
///     var options = SimulatorOptions()
///     options.apiKey = "k"; options.apiSecret = "s"; options.jobs = 20
///     let simulator = DevoSimulator(options: options)
///     try simulator.start()            // simulator.baseURL == "http://127.0.0.1:<port>"
///     …
///     simulator.stop()
public final class DevoSimulator: Sendable {
    public let options: SimulatorOptions
    private let engine: SimulatorEngine
    private let server: HTTPServer

    public init(options: SimulatorOptions) {
        self.options = options
        let engine = SimulatorEngine(options: options)
        self.engine = engine
        server = HTTPServer(limits: options.limits,
                            handler: { engine.handle($0) },
                            onRejection: { engine.recordRejection(status: $0) })
    }

    /// Binds 127.0.0.1:`options.port` (0 = a free port) and starts serving.
    public func start() throws { try server.start(port: options.port) }

    /// The bound port (0 before `start`).
    public var port: Int { server.port }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The SDK-style address, `http://127.0.0.1:PORT/search/query` (what
    /// `DEVO_API_ADDRESS` holds).
    public var queryAddress: String { baseURL + "/search/query" }

    /// Stops accepting and closes every connection. Idempotent.
    public func stop() { server.stop() }

    /// Replaces the fault options (and reseeds the fault dice) for subsequent requests.
    public func setFaults(_ faults: FaultOptions) {
        engine.state.withLock { $0.faults.reset(faults) }
    }

    /// Every job as it is now, in creation order (removed jobs only if they stay visible).
    public func jobSnapshot() -> [JobSnapshot] { engine.snapshots() }

    /// One job as it is now, nil if unknown or deleted.
    public func job(id: String) -> JobSnapshot? { engine.snapshot(id: id) }

    /// The most recent requests (up to 100,000), oldest first. No credentials in it.
    public func requestLog() -> [SimulatorRequestRecord] { engine.state.withLock { $0.log.records } }

    /// The most requests that were being answered at the same moment (arrived, not yet
    /// answered), since the start or the last `clearRequestLog()`: how many a client had in
    /// flight, as the server saw it.
    public var mostConcurrentRequests: Int { engine.state.withLock { $0.mostHandling } }

    public func clearRequestLog() {
        engine.state.withLock { state in
            state.log = RequestLog()
            state.mostHandling = state.handling
        }
    }

    /// Adds a job in a chosen state; returns its id.
    @discardableResult
    public func seedJob(_ seed: JobSeed) -> String { engine.insert(seed) }

    /// What `djs --sim` needs: a started simulator and the credentials it accepts.
    public struct Embedded: Sendable {
        public let simulator: DevoSimulator
        /// `http://127.0.0.1:PORT`
        public let baseURL: String
        /// `http://127.0.0.1:PORT/search/query`
        public let queryAddress: String
        public let apiKey: String
        public let apiSecret: String
        public let token: String
    }

    /// Starts a simulator on a free loopback port with fresh random credentials (key +
    /// secret and a Bearer token), seeded with `jobs` jobs. Stop it with
    /// `embedded.simulator.stop()` (or let the process end).
    public static func embedded(jobs: Int = 12, seed: UInt64? = nil, speed: Double = 3600,
                                faults: FaultOptions = FaultOptions()) throws -> Embedded {
        var generator = SystemRandomNumberGenerator()
        var fresh = SplitMix64(seed: generator.next())
        var options = SimulatorOptions()
        options.jobs = jobs
        options.seed = seed ?? generator.next()
        options.speed = speed
        options.faults = faults
        options.apiKey = fresh.alphanumeric(count: 32)
        options.apiSecret = fresh.alphanumeric(count: 32)
        options.token = fresh.alphanumeric(count: 40)
        let simulator = DevoSimulator(options: options)
        try simulator.start()
        return Embedded(simulator: simulator, baseURL: simulator.baseURL, queryAddress: simulator.queryAddress,
                        apiKey: options.apiKey ?? "", apiSecret: options.apiSecret ?? "", token: options.token ?? "")
    }
}
