import Testing
@testable import DJSClient

/// When a job action ends without a usable answer, or its retry is refused after an attempt
/// that may have acted, the client reads the job back before calling it failed. Scripted
/// replies make each case exact: which requests go out, and what the caller gets.
@Suite struct ActionReadBackTests {
    typealias Reply = StubTransport.Reply
    static let id = "j1"

    static func reply(_ status: Int, _ body: String = "{}") -> Reply {
        .response(HTTPResponse(statusCode: status, body: body))
    }
    static func job(_ status: String) -> Reply {
        reply(200, #"{"status":0,"cid":"c","object":{"status":"\#(status)","id":"j1"}}"#)
    }
    static let notRunning = reply(400, #"{"msg":"Cannot stop task a non running task","status":108,"cid":"r"}"#)
    static let alreadyRunning = reply(400, #"{"msg":"Cannot start a running task","status":101,"cid":"r"}"#)
    static let notFound = reply(404, #"{"msg":"Task not found","status":100,"cid":"n"}"#)

    private func paths(_ transport: StubTransport) -> [String] {
        transport.requests.map(\.url.path)
    }

    @Test func aStopRefusedAfterALostReplyIsTheStoppedJob() async throws {
        let harness = makeHarness(StubTransport([.failure(.connectionLost("reset")), Self.notRunning, Self.job("STOPPED")]))
        let job = try await harness.client.perform(.stop, id: Self.id)
        #expect(job.status == .stopped)
        #expect(paths(harness.transport) == ["/search/job/stop/j1", "/search/job/stop/j1", "/search/job/j1"])
        #expect(harness.logLines.all.contains { $0.contains("no usable answer, but the job is STOPPED") })
    }

    @Test func aStartRefusedAfterA5xxIsTheRunningJob() async throws {
        let harness = makeHarness(StubTransport([Self.reply(503), Self.alreadyRunning, Self.job("RUNNING")]))
        #expect(try await harness.client.perform(.start, id: Self.id).status == .running)
    }

    @Test func aRemoveAfterATimeoutWhoseJobIsGoneIsRemoved() async throws {
        let harness = makeHarness(StubTransport([.failure(.timedOut), Self.notFound, Self.notFound]))
        #expect(try await harness.client.perform(.remove, id: Self.id).status == .removed)
        #expect(paths(harness.transport) == ["/search/job/remove/j1", "/search/job/remove/j1", "/search/job/j1"])
    }

    @Test func aStopAnswered200WithACutBodyIsWhateverTheJobIsNow() async throws {
        let harness = makeHarness(StubTransport([Self.reply(200, #"{"status":0,"object":{"stat"#), Self.job("COMPLETED")]))
        #expect(try await harness.client.perform(.stop, id: Self.id).status == .completed)
        #expect(paths(harness.transport) == ["/search/job/stop/j1", "/search/job/j1"])
    }

    @Test func aRefusalWhenTheJobIsStillRunningStaysAFailure() async {
        let harness = makeHarness(StubTransport([.failure(.connectionLost("reset")), Self.notRunning, Self.job("RUNNING")]))
        let error = await captureError { try await harness.client.perform(.stop, id: Self.id) }
        guard case .illegalStateChange? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("earlier attempt") == false, "the job was read: the refusal is the truth")
    }

    @Test func aRefusalWhoseJobCannotBeReadSaysTheOutcomeIsUnknown() async {
        let harness = makeHarness(StubTransport([.failure(.timedOut), Self.notRunning, Self.reply(502, "")]), retries: 1)
        let error = await captureError { try await harness.client.perform(.stop, id: Self.id) }
        guard case .illegalStateChange? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("an earlier attempt may have done the stop (the reply was lost), and reading the job back failed too") == true,
                "got: \(String(describing: error))")
    }

    @Test(arguments: [
        [Self.notRunning],                                            // the only attempt was answered
        [Self.reply(429), Self.notRunning],                           // turned away, then answered
        [.failure(.cannotConnect("refused")), Self.notRunning],       // never reached the server
    ] as [[Reply]])
    func aRefusalWithNoAmbiguousAttemptBeforeIsNotReadBack(script: [Reply]) async {
        let harness = makeHarness(StubTransport(script))
        let error = await captureError { try await harness.client.perform(.stop, id: Self.id) }
        guard case .illegalStateChange? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(!paths(harness.transport).contains("/search/job/j1"), "no read-back expected")
    }

    @Test func readsAreNeverReadBack() async {
        let harness = makeHarness(StubTransport([.failure(.connectionLost("reset")), Self.notFound]))
        let error = await captureError { try await harness.client.perform(.read, id: Self.id) }
        guard case .jobNotFound? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(harness.transport.requests.count == 2)
    }
}
