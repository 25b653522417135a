import DevoSim
import Foundation
import Testing
@testable import DJSClient

/// The real client (over `CurlTransport`, its default) against the in-process simulator over loopback
/// HTTP, one injected fault at a time. What counts is what the simulator saw (its request
/// log and jobs) and the error a person gets. Timeouts and retry delays are tiny so the
/// suite stays fast.
@Suite struct FaultsOverHTTPTests {
    private static let key = "fault-key", secret = "FAULT-SECRET-DO-NOT-LEAK-91"

    /// A started simulator with `jobs` jobs and the given faults.
    private static func simulator(jobs: Int = 2, faults: FaultOptions = FaultOptions()) throws -> DevoSimulator {
        var options = SimulatorOptions()
        options.jobs = jobs
        options.apiKey = key
        options.apiSecret = secret
        options.faults = faults
        let simulator = DevoSimulator(options: options)
        try simulator.start()
        return simulator
    }

    private static func client(_ simulator: DevoSimulator, retries: Int = 2, timeout: Double = 2,
                               maxRetryDelay: Double = 0.05, hooks: DevoClientHooks = .live,
                               credentials: DevoCredentials = .keySecret(key: key, secret: secret),
                               transport: TransportKind = .curl) throws -> DevoClient {
        let configuration = DevoClientConfiguration(
            endpoint: try DevoEndpoint(address: simulator.queryAddress), credentials: credentials,
            retries: retries, timeout: timeout, retryBaseDelay: 0.01, maxRetryDelay: maxRetryDelay)
        return DevoClient(configuration: configuration, transport: transport.make(configuration), hooks: hooks)
    }

    private static let launch = DevoQueryRequest(query: "from demo.ecommerce.data select *", from: 1_700_000_000,
                                                 to: 1_700_003_600, destination: DevoDestination(type: .donothing))

    /// The DevoError `body` throws (nil if it succeeds; any other error is recorded).
    private static func error(_ body: () async throws -> Void) async -> DevoError? {
        do {
            try await body()
            return nil
        } catch let error as DevoError {
            return error
        } catch {
            Issue.record("not a DevoError: \(error)")
            return nil
        }
    }

    private static func requests(_ simulator: DevoSimulator, _ method: String, _ path: String) -> [SimulatorRequestRecord] {
        simulator.requestLog().filter { $0.method == method && $0.path == path }
    }

    // MARK: - Job reads: retried within limits, then a clear error

    @Test func a5xxBurstShorterThanTheRetriesIsRiddenOut() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(serverErrorBurst: 2))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 3)
        let jobs = try await client.jobs()
        #expect(jobs.count == 2)
        #expect(Self.requests(simulator, "GET", "/search/jobs").map(\.status) == [503, 503, 200])
        #expect(client.requestCount == 3)
    }

    @Test func a5xxBurstLongerThanTheRetriesEndsInAServerError() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(serverErrorBurst: 10))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 3)
        let error = await Self.error { _ = try await client.jobs() }
        guard case .server(let detail)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(detail.httpStatus == 503)
        #expect(error?.description.hasPrefix("list jobs: Devo reported an error: ") == true)
        #expect(Self.requests(simulator, "GET", "/search/jobs").count == 4, "1 attempt + 3 retries, no more")
    }

    @Test func a429HonoursRetryAfterAndGivesUpWithinTheLimit() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(rateLimit: 0))
        defer { simulator.stop() }
        let waits = Recorder<Double>()
        let hooks = DevoClientHooks(currentTimeMillis: DevoClientHooks.live.currentTimeMillis,
                                    sleep: { waits.append($0) }, jitter: { 0 })
        let client = try Self.client(simulator, retries: 2, maxRetryDelay: 5, hooks: hooks)
        let error = await Self.error { _ = try await client.perform(.read, id: "any") }
        guard case .rateLimited? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("Devo is limiting the request rate") == true)
        // The backoff alone would wait 0.005 s and 0.01 s; Retry-After: 1 is the floor.
        #expect(waits.all == [1, 1])
        #expect(Self.requests(simulator, "GET", "/search/job/any").map(\.fault) == ["rate-limit", "rate-limit", "rate-limit"])
    }

    @Test(.timeLimit(.minutes(1))) func requestsOverTheRateLimitSucceedAfterWaitingAsTold() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(rateLimit: 2))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 3, maxRetryDelay: 2)
        let ids = simulator.jobSnapshot().map(\.id)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 { group.addTask { _ = try await client.perform(.read, id: ids[index % ids.count]) } }
            try await group.waitForAll()
        }
        let log = simulator.requestLog()
        #expect(log.contains { $0.status == 429 }, "eight requests at once must exceed a limit of two a second")
        #expect(log.filter { $0.status == 200 }.count == 8)
    }

    // Elapsed time is not asserted: in the full parallel suite, tests that block threads
    // starve the cooperative pool for many seconds. A hang fails by the time limit instead.
    @Test(.timeLimit(.minutes(1))) func latencyBeyondTheTimeoutIsATimeoutAfterEveryAttempt() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(latency: 0.6))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 1, timeout: 0.2)
        let error = await Self.error { _ = try await client.jobs() }
        guard case .timeout(_, let seconds, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(seconds == 0.2)
        #expect(attempts == 2)
        #expect(error?.description == "list jobs: no reply within 0.2 s (GET /search/jobs, 2 attempts)")
    }

    @Test(.timeLimit(.minutes(1)), arguments: TransportKind.allCases)
    func aServerThatAcceptsAndNeverAnswersTimesOutInsteadOfHanging(_ transport: TransportKind) async throws {
        let simulator = try Self.simulator(faults: FaultOptions(hang: true))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 2, timeout: 0.2, transport: transport)
        let error = await Self.error { _ = try await client.perform(.stop, id: "x") }
        guard case .timeout(_, _, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(attempts == 3)
    }

    @Test(arguments: TransportKind.allCases)
    func aConnectionDroppedMidResponseIsRetriedThenNamed(_ transport: TransportKind) async throws {
        let simulator = try Self.simulator(faults: FaultOptions(dropRate: 1))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 2, transport: transport)
        let error = await Self.error { _ = try await client.jobs() }
        guard case .connectionFailed(_, let reason, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(attempts == 3)
        #expect(reason.hasPrefix("connection lost: ") || reason.contains("closed") || reason.contains("incomplete"), "got: \(reason)")
        #expect(Self.requests(simulator, "GET", "/search/jobs").map(\.fault) == ["drop", "drop", "drop"])
    }

    @Test func aTruncatedJSONReplyIsAnUnreadableReply() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(malformedRate: 1))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 2)
        let id = simulator.jobSnapshot()[0].id
        let calls: [() async throws -> Void] = [{ _ = try await client.jobs() }, { _ = try await client.perform(.read, id: id) }]
        for call in calls {
            let error = await Self.error(call)
            guard case .invalidResponse(_, let status, _)? = error else { Issue.record("got \(String(describing: error))"); continue }
            #expect(status == 200)
            #expect(error?.description.contains("unreadable reply from Devo (HTTP 200") == true)
            #expect(error?.description.contains("the JSON is malformed or truncated") == true)
        }
        // A 200 with a body is an answer, right or wrong: not retried.
        #expect(simulator.requestLog().count == 2)
    }

    @Test func anHTMLErrorPageIsAServerErrorWithItsText() async throws {
        let simulator = try Self.simulator(faults: FaultOptions(htmlErrorRate: 1))
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 1)
        let error = await Self.error { _ = try await client.jobs() }
        guard case .server(let detail)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(detail.httpStatus == 502)
        // The page is quoted only as a short, single-line excerpt.
        let text = error?.description ?? ""
        #expect(text.hasPrefix("list jobs: Devo reported an error: Bad Gateway: "))
        #expect(text.hasSuffix("(HTTP 502)"))
        #expect(!text.contains("\n") && !text.contains("\r") && text.count < 300, "got: \(text)")
        #expect(Self.requests(simulator, "GET", "/search/jobs").count == 2)
    }

    // MARK: - Actions retried after an attempt that may have acted

    /// Found by this suite: a stop processed but dropped mid-response was retried, the retry
    /// was refused ("Cannot stop task a non running task", 400/108) and the job, stopped by
    /// the first attempt, was reported as failed. The client now reads the job back.
    @Test func aStopWhoseReplyWasLostIsASuccessWhenTheJobIsStopped() async throws {
        let simulator = try Self.simulator(jobs: 0)
        defer { simulator.stop() }
        let ids = (0..<30).map { _ in simulator.seedJob(JobSeed(status: .running)) }
        simulator.setFaults(FaultOptions(dropRate: 0.3, seed: 11))
        let client = try Self.client(simulator, retries: 8)
        // One at a time, so the seeded dice fall the same way on every run.
        for id in ids {
            let job = try await client.perform(.stop, id: id)
            #expect(job.status == .stopped)
        }
        #expect(simulator.jobSnapshot().allSatisfy { $0.status == .stopped })
        let log = simulator.requestLog()
        #expect(log.contains { $0.path.hasPrefix("/search/job/stop/") && $0.status == 400 },
                "the seed must produce a refused retry, or this test shows nothing")
    }

    @Test func aStopAnsweredWithATruncatedBodyIsReadBack() async throws {
        let simulator = try Self.simulator(jobs: 0)
        defer { simulator.stop() }
        let ids = (0..<20).map { _ in simulator.seedJob(JobSeed(status: .running)) }
        simulator.setFaults(FaultOptions(malformedRate: 0.3, seed: 4))
        let client = try Self.client(simulator, retries: 2)
        var results: [String: DevoJob] = [:]
        for id in ids { results[id] = try? await client.perform(.stop, id: id) }   // one at a time: seeded dice
        let log = simulator.requestLog()
        var rescued = 0
        for id in ids {
            let stop = log.first { $0.path == "/search/job/stop/\(id)" }
            let readBack = log.first { $0.path == "/search/job/\(id)" }
            #expect(simulator.job(id: id)?.status == .stopped)
            if stop?.fault == "malformed" {
                // A 200 with a cut body: the job is read back, and only a readable read-back counts.
                #expect(readBack != nil, "no read-back for \(id)")
                if readBack?.fault == nil { rescued += 1; #expect(results[id]?.status == .stopped) }
                else { #expect(results[id] == nil, "a garbled read-back must not pass for success") }
            } else {
                #expect(results[id]?.status == .stopped)
                #expect(readBack == nil, "a clean reply needs no read-back")
            }
        }
        #expect(rescued > 0, "the seed must produce a rescue, or this test shows nothing")
    }

    @Test func aRefusedActionWithoutAnEarlierAmbiguousAttemptStaysAnError() async throws {
        let simulator = try Self.simulator(jobs: 0)
        defer { simulator.stop() }
        let id = simulator.seedJob(JobSeed(status: .stopped))
        let client = try Self.client(simulator, retries: 3)
        let error = await Self.error { _ = try await client.perform(.stop, id: id) }
        guard case .illegalStateChange? = error else { Issue.record("got \(String(describing: error))"); return }
        // No read-back: the only attempt was answered, so the refusal is the truth.
        #expect(simulator.requestLog().map(\.path) == ["/search/job/stop/\(id)"])
    }

    // MARK: - Authentication: 401 is never retried

    @Test func aBadSignatureIs401AndNotRetried() async throws {
        let simulator = try Self.simulator()
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 3, credentials: .keySecret(key: Self.key, secret: "WRONG-SECRET-5150"))
        let error = await Self.error { _ = try await client.jobs() }
        guard case .authentication? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(!(error?.description.contains("WRONG-SECRET-5150") ?? true))
        #expect(Self.requests(simulator, "GET", "/search/jobs").map(\.status) == [401])
    }

    @Test func aStaleSignatureIs401AndTheMessageMentionsTheClock() async throws {
        let simulator = try Self.simulator()
        defer { simulator.stop() }
        // A client clock ten minutes behind: outside the ±300 s window.
        let hooks = DevoClientHooks(currentTimeMillis: { DevoClientHooks.live.currentTimeMillis() - 600_000 },
                                    sleep: DevoClientHooks.live.sleep, jitter: { 0 })
        let client = try Self.client(simulator, retries: 3, hooks: hooks)
        let error = await Self.error { _ = try await client.perform(.stop, id: "x") }
        guard case .authentication? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("a clock more than a few minutes off also breaks signatures") == true)
        #expect(!(error?.description.contains(Self.secret) ?? true))
        #expect(simulator.requestLog().map(\.status) == [401])
    }

    @Test func aWrongTokenIs401AndNotRetried() async throws {
        let simulator = try Self.simulator()
        defer { simulator.stop() }
        let client = try Self.client(simulator, retries: 3, credentials: .token("NOT-THE-TOKEN-3141"))
        let error = await Self.error { _ = try await client.jobs() }
        guard case .authentication? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(!(error?.description.contains("NOT-THE-TOKEN-3141") ?? true))
        #expect(simulator.requestLog().count == 1)
    }

    // MARK: - A launch is never sent twice when the first may have created a job

    @Test(arguments: TransportKind.allCases, [
        ("latency beyond the timeout", FaultOptions(latency: 2)),
        ("dropped mid-response", FaultOptions(dropRate: 1)),
        ("truncated JSON", FaultOptions(malformedRate: 1)),
        ("HTML error page", FaultOptions(htmlErrorRate: 1)),
        ("5xx", FaultOptions(errorRate: 1)),
        ("5xx burst", FaultOptions(serverErrorBurst: 3)),
        ("429", FaultOptions(rateLimit: 0)),
        ("never answers", FaultOptions(hang: true)),
    ])
    func aLaunchIsSentOnce(transport: TransportKind, fault: (String, FaultOptions)) async throws {
        let (fault, options) = fault
        let simulator = try Self.simulator(jobs: 0, faults: options)
        defer { simulator.stop() }
        // Generous for a loaded machine, yet below the latency fault.
        let client = try Self.client(simulator, retries: 3, timeout: 1, transport: transport)
        let error = await Self.error { _ = try await client.launch(Self.launch) }
        #expect(error != nil, "\(fault): the launch cannot have succeeded")
        #expect(client.requestCount == 1)
        // The simulator logs (and, with latency, processes) a request on its own thread,
        // possibly after the client gave up: wait for it, then make sure nothing follows.
        let processed = options.dropRate > 0 || options.malformedRate > 0 || options.latency > 0
        #expect(await Self.eventually { Self.requests(simulator, "POST", "/search/query").count == 1 }, "\(fault): never arrived")
        #expect(await Self.eventually { simulator.jobSnapshot().count == (processed ? 1 : 0) }, "\(fault)")
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(Self.requests(simulator, "POST", "/search/query").count == 1, "\(fault): sent more than once")
        #expect(simulator.jobSnapshot().count == (processed ? 1 : 0), "\(fault): a job was lost or doubled")
        // Whenever it may have run, the message says to look before launching again.
        if processed || options.hang || options.htmlErrorRate > 0 {
            #expect(error?.description.hasSuffix("the query may have been launched anyway: look for the job with jobs() before launching it again") == true,
                    "\(fault): \(String(describing: error))")
        }
        if options.rateLimit != nil {
            #expect(error?.description.contains("may have been launched") == false,
                    "a 429 says it was not processed: \(String(describing: error))")
        }
    }

    /// Polls `condition` for up to five seconds.
    private static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return condition()
    }

    @Test func aLaunchIsRetriedOnlyWhenTheServerCannotHaveSeenIt() async throws {
        let port = try LoopbackHTTPServer.closedPort()
        let client = DevoClient(configuration: DevoClientConfiguration(
            endpoint: try DevoEndpoint(address: "http://127.0.0.1:\(port)"), credentials: .token("t"),
            retries: 2, timeout: 1, retryBaseDelay: 0.01, maxRetryDelay: 0.02))
        let error = await Self.error { _ = try await client.launch(Self.launch) }
        guard case .connectionFailed(_, let reason, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.hasPrefix("cannot connect: "))
        #expect(attempts == 3)
        #expect(error?.description.contains("may have been launched") == false, "nothing reached a server")
    }

    @Test func noFaultErrorQuotesTheSecret() async throws {
        for options in [FaultOptions(errorRate: 1), FaultOptions(dropRate: 1), FaultOptions(malformedRate: 1),
                        FaultOptions(htmlErrorRate: 1), FaultOptions(rateLimit: 0)] {
            let simulator = try Self.simulator(faults: options)
            defer { simulator.stop() }
            let log = Recorder<String>()
            let client = DevoClient(configuration: DevoClientConfiguration(
                endpoint: try DevoEndpoint(address: simulator.baseURL), credentials: .keySecret(key: Self.key, secret: Self.secret),
                retries: 1, timeout: 1, retryBaseDelay: 0.01, maxRetryDelay: 0.02, log: { log.append($0) }))
            let texts = [await Self.error { _ = try await client.jobs() }?.description ?? "",
                         await Self.error { _ = try await client.launch(Self.launch) }?.description ?? ""]
                + log.all
            for text in texts {
                #expect(!text.contains(Self.secret))
                #expect(!text.contains(Self.key), "the whole key is never shown: \(text)")
            }
        }
    }
}
