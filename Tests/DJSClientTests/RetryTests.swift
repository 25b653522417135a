import DevoAuth
import Foundation
import Testing
@testable import DJSClient

/// Retries: job GETs are retried on transient failures; launching only when nothing was sent.
@Suite struct RetryTests {
    static let jobBody = #"{"status":0,"cid":"ok1","object":{"status":"RUNNING","id":"j1"}}"#
    static let launchBody = #"{"status":0,"object":{"id":"new"}}"#
    static let launchRequest = DevoQueryRequest(query: "from t select *", from: 1, to: 2,
                                                destination: DevoDestination(type: .donothing, params: ["friendlyName": "job1"]))

    static func reply(_ status: Int, _ body: String = "{}", headers: [String: String] = [:]) -> StubTransport.Reply {
        .response(HTTPResponse(statusCode: status, headers: headers, body: body))
    }

    /// Every attempt must carry its own timestamp and a signature valid for it.
    static func expectFreshSignatures(_ requests: [HTTPRequest], sourceLocation: SourceLocation = #_sourceLocation) {
        let stamps = requests.compactMap { $0.headers["x-logtrust-timestamp"] }
        #expect(Set(stamps).count == requests.count, "timestamps reused: \(stamps)", sourceLocation: sourceLocation)
        for request in requests {
            let expected = DevoSignature.sign(apiKey: Fixture.key, apiSecret: Fixture.secret, body: request.body,
                                              timestamp: request.headers["x-logtrust-timestamp"] ?? "")
            #expect(request.headers["x-logtrust-sign"] == expected, sourceLocation: sourceLocation)
        }
    }

    @Test func getIsRetriedOn5xxWithBackoffAndFreshSignatures() async throws {
        let harness = makeHarness(StubTransport([Self.reply(503), Self.reply(500), Self.reply(200, Self.jobBody)]),
                                  clock: SteppingClock(start: 1_000_000, step: 1000))
        let job = try await harness.client.perform(.read, id: "j1")
        #expect(job.id == "j1")
        #expect(harness.transport.requests.count == 3)
        #expect(harness.client.requestCount == 3)
        // base 0.5 s doubling, equal jitter at 0.5: 0.25 + 0.125, then 0.5 + 0.25.
        #expect(harness.sleeps.all == [0.375, 0.75])
        Self.expectFreshSignatures(harness.transport.requests)
        let lines = harness.logLines.all
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("devo: GET /search/job/j1 -> 503 (") && lines[0].hasSuffix("attempt 1/4; retrying in 0.375 s"))
        #expect(lines[1].hasSuffix("attempt 2/4; retrying in 0.75 s"))
        #expect(lines[2].hasSuffix("cid=ok1 attempt 3/4"))
    }

    @Test func getIsRetriedOn429HonouringRetryAfter() async throws {
        let harness = makeHarness(StubTransport([Self.reply(429, headers: ["Retry-After": "4"]),
                                                 Self.reply(429, headers: ["Retry-After": "3600"]),
                                                 Self.reply(200, Self.jobBody)]))
        _ = try await harness.client.perform(.read, id: "j1")
        // Retry-After is a floor; the configured maximum (30 s by default) caps it.
        #expect(harness.sleeps.all == [4, 30])
    }

    @Test(arguments: [HTTPTransportError.timedOut, .connectionLost("reset by peer"), .cannotConnect("refused"), .other("weird")])
    func getIsRetriedOnTransportFailures(failure: HTTPTransportError) async throws {
        let harness = makeHarness(StubTransport([.failure(failure), .response(HTTPResponse(statusCode: 200, body: Self.jobBody))]))
        #expect(try await harness.client.perform(.read, id: "j1").id == "j1")
        #expect(harness.transport.requests.count == 2)
    }

    @Test func getGivesUpAfterTheConfiguredRetries() async {
        let harness = makeHarness(StubTransport([.failure(.timedOut)]), retries: 2)
        let error = await captureError { try await harness.client.perform(.read, id: "j1") }
        #expect(error == .timeout(DevoRequestContext(operation: "get job j1", method: "GET", path: "/search/job/j1", jobID: "j1"),
                                  seconds: 7, attempts: 3))
        #expect(error?.description == "get job j1: no reply within 7 s (GET /search/job/j1, 3 attempts)")
        #expect(harness.transport.requests.count == 3)
        #expect(harness.sleeps.all.count == 2)
    }

    @Test func getReturnsTheLastHTTPErrorAfterRetries() async {
        let harness = makeHarness(StubTransport([Self.reply(503, #"{"msg":"busy","status":503,"cid":"b1"}"#)]), retries: 1)
        let error = await captureError { try await harness.client.jobs() }
        #expect(error?.description == "list jobs: Devo reported an error: busy (code 503, HTTP 503, cid b1)")
        #expect(harness.transport.requests.count == 2)
    }

    @Test(arguments: [
        (401, #"{"error":{"code":401,"message":"Unauthorized"}}"#), (404, #"{"msg":"Task not found","status":100}"#),
        (200, #"{"error":{"code":12,"message":"Invalid signature validation"}}"#), (400, #"{"msg":"bad"}"#),
    ])
    func getIsNotRetriedOnDefinitiveAnswers(status: Int, body: String) async {
        let harness = makeHarness(StubTransport(status: status, body: body))
        #expect(await captureError { try await harness.client.perform(.read, id: "j1") } != nil)
        #expect(harness.transport.requests.count == 1)
        #expect(harness.sleeps.all.isEmpty)
    }

    @Test func retriesZeroMeansOneAttempt() async {
        let harness = makeHarness(StubTransport([Self.reply(503)]), retries: 0)
        _ = await captureError { try await harness.client.jobs() }
        #expect(harness.transport.requests.count == 1)
    }

    @Test func tlsFailuresAreNeverRetried() async {
        let harness = makeHarness(StubTransport([.failure(.tlsFailure("certificate untrusted"))]))
        let error = await captureError { try await harness.client.jobs() }
        #expect(error?.description == "list jobs: cannot reach Devo: TLS failure: certificate untrusted (GET /search/jobs, 1 attempt)")
        #expect(harness.transport.requests.count == 1)
    }

    @Test(arguments: [
        StubTransport.Reply.failure(.timedOut), .failure(.connectionLost("reset")), .failure(.other("?")),
        .response(HTTPResponse(statusCode: 503, body: "{}")), .response(HTTPResponse(statusCode: 500, body: "{}")),
        .response(HTTPResponse(statusCode: 429, headers: ["Retry-After": "1"], body: "{}")),
    ])
    func launchIsNeverRetriedOnceItMayHaveReachedTheServer(reply: StubTransport.Reply) async {
        let harness = makeHarness(StubTransport([reply, .response(HTTPResponse(statusCode: 200, body: Self.launchBody))]))
        let error = await captureError { try await harness.client.launch(Self.launchRequest) }
        #expect(error != nil)
        #expect(harness.transport.requests.count == 1)
        #expect(harness.sleeps.all.isEmpty)
    }

    @Test func launchTimeoutReadsWell() async {
        let harness = makeHarness(StubTransport([.failure(.timedOut)]))
        let error = await captureError { try await harness.client.launch(Self.launchRequest) }
        #expect(error?.description == "launch query: no reply within 7 s (POST /search/query, 1 attempt); the query may have been launched anyway: look for the job with jobs() before launching it again")
    }

    @Test func launchIsRetriedWhenTheConnectionCouldNotBeMade() async throws {
        let harness = makeHarness(StubTransport([.failure(.cannotConnect("Connection refused")),
                                                 .failure(.cannotConnect("Connection refused")),
                                                 .response(HTTPResponse(statusCode: 200, body: Self.launchBody))]),
                                  clock: SteppingClock(start: 1_530_010_004_000, step: 250))
        #expect(try await harness.client.launch(Self.launchRequest) == "new")
        let requests = harness.transport.requests
        #expect(requests.count == 3)
        // The same bytes every time (serialized once), each attempt freshly signed.
        #expect(Set(requests.map(\.body)).count == 1)
        #expect(requests.map { $0.headers["x-logtrust-timestamp"] } == ["1530010004000", "1530010004250", "1530010004500"])
        Self.expectFreshSignatures(requests)
    }

    @Test func launchGivesUpWhenTheServerStaysUnreachable() async {
        let harness = makeHarness(StubTransport([.failure(.cannotConnect("Connection refused"))]), retries: 2)
        let error = await captureError { try await harness.client.launch(Self.launchRequest) }
        #expect(error?.description == "launch query: cannot reach Devo: cannot connect: Connection refused (POST /search/query, 3 attempts)")
        #expect(harness.transport.requests.count == 3)
    }

    @Test func cancellationDuringTheBackoffEndsTheRequest() async {
        let transport = StubTransport([.failure(.timedOut)])
        let configuration = DevoClientConfiguration(endpoint: DevoEndpoint(region: .us), credentials: .token("t"), retries: 5)
        let hooks = DevoClientHooks(currentTimeMillis: { 1 }, sleep: { _ in throw CancellationError() }, jitter: { 0 })
        let client = DevoClient(configuration: configuration, transport: transport, hooks: hooks)
        let error = await captureError { try await client.jobs() }
        #expect(error == .cancelled(DevoRequestContext(operation: "list jobs", method: "GET", path: "/search/jobs")))
        #expect(transport.requests.count == 1)
    }

    @Test func backoffDoublesWithJitterAndIsCapped() {
        let policy = RetryPolicy(retries: 10, baseDelay: 1, maxDelay: 10)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, jitter: 0) == 0.5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, jitter: 1) == 1)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 0) == 2)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 1) == 4)
        #expect(policy.delay(afterAttempt: 9, retryAfter: nil, jitter: 1) == 10)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 6, jitter: 0) == 6)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 60, jitter: 0) == 10)
    }
}
