import DevoAuth
import Foundation
import Testing
@testable import DJSClient

/// Both real transports, each under the client, over real HTTP on 127.0.0.1 (a stand-in
/// server, not the simulator).
enum TransportKind: CaseIterable, Sendable {
    case curl, urlSession

    func make(_ configuration: DevoClientConfiguration) -> any HTTPTransport {
        switch self {
        case .curl: return CurlTransport(maxConnectionsPerHost: configuration.maxConcurrentConnections)
        case .urlSession: return URLSessionTransport(maxConnectionsPerHost: configuration.maxConcurrentConnections,
                                                     timeout: configuration.timeout)
        }
    }
}

@Suite(.serialized) struct HTTPTransportTests {
    private func client(_ kind: TransportKind, _ baseURL: String, retries: Int = 0, timeout: Double = 5,
                        credentials: DevoCredentials = .keySecret(key: Fixture.key, secret: Fixture.secret)) throws -> DevoClient {
        let configuration = DevoClientConfiguration(endpoint: try DevoEndpoint(address: baseURL), credentials: credentials,
                                                    retries: retries, timeout: timeout, retryBaseDelay: 0.001)
        return DevoClient(configuration: configuration, transport: kind.make(configuration))
    }

    @Test(arguments: TransportKind.allCases) func aSignedPostArrivesByteForByte(_ kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: #"{"status":0,"object":{"id":"job-42"}}"#) }
        defer { server.stop() }
        let request = DevoQueryRequest(query: "from t select \"ñ\"", from: 1, to: 2,
                                       destination: DevoDestination(type: .donothing, params: ["friendlyName": "j"]))
        #expect(try await client(kind, server.baseURL).launch(request) == "job-42")

        let received = try #require(server.requests.first)
        #expect(received.method == "POST" && received.path == "/search/query")
        #expect(received.body == request.jsonBody(pragmas: DevoQueryPragmas()))
        #expect(received.headers["content-type"] == "application/json")
        #expect(received.headers["x-logtrust-apikey"] == "my api key")
        let stamp = try #require(received.headers["x-logtrust-timestamp"])
        #expect(received.headers["x-logtrust-sign"]
            == DevoSignature.sign(apiKey: Fixture.key, apiSecret: Fixture.secret, body: received.body, timestamp: stamp))
    }

    @Test(arguments: TransportKind.allCases) func jobGetsCarryNoBodyAndReuseTheConnection(_ kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { request in
            .init(status: 200, body: #"{"status":0,"cid":"c","object":{"status":"RUNNING","id":"a b"}}"#)
        }
        defer { server.stop() }
        let client = try client(kind, server.baseURL, credentials: .token("tok"))
        for _ in 0..<5 { _ = try await client.job(id: "a b") }
        #expect(server.requests.map(\.path) == Array(repeating: "/search/job/a%20b", count: 5))
        #expect(server.requests.allSatisfy { $0.method == "GET" && $0.body.isEmpty && $0.headers["authorization"] == "Bearer tok" })
        #expect(server.acceptedConnections == 1)
        #expect(client.requestCount == 5)
    }

    @Test(arguments: TransportKind.allCases) func concurrentRequestsShareTheSessionWithinTheConnectionLimit(_ kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { request in
            let id = String(request.path.split(separator: "/").last ?? "")
            return .init(status: 200, body: #"{"status":0,"object":{"status":"RUNNING","id":"\#(id)"}}"#)
        }
        defer { server.stop() }
        var configuration = DevoClientConfiguration(endpoint: try DevoEndpoint(address: server.baseURL), credentials: .token("t"))
        configuration.maxConcurrentConnections = 4
        let client = DevoClient(configuration: configuration, transport: kind.make(configuration))
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<40 { group.addTask { try await client.job(id: "job\(index)").id } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids == Set((0..<40).map { "job\($0)" }))
        #expect(server.requests.count == 40)
        #expect(server.acceptedConnections <= 4)
    }

    @Test(arguments: TransportKind.allCases) func httpErrorsComeBackAsReplies(_ kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 404, body: #"{"msg":"Task not found","status":100,"cid":"nf"}"#) }
        defer { server.stop() }
        let error = await captureError { try await client(kind, server.baseURL).stop(id: "x") }
        #expect(error?.description == "stop job x: job x not found: Task not found (code 100, HTTP 404, cid nf)")
    }

    @Test(arguments: TransportKind.allCases) func redirectsAreNotFollowed(_ kind: TransportKind) async throws {
        let target = try LoopbackHTTPServer { _ in .init(status: 200, body: #"{"status":0,"object":[]}"#) }
        defer { target.stop() }
        let server = try LoopbackHTTPServer { _ in .init(status: 302, headers: ["Location": target.baseURL + "/search/jobs"]) }
        defer { server.stop() }
        let error = await captureError { try await client(kind, server.baseURL, credentials: .token("secret-token")).jobs() }
        #expect(error?.serverError?.httpStatus == 302)
        #expect(target.requests.isEmpty)
    }

    @Test(arguments: TransportKind.allCases) func aRefusedConnectionIsCannotConnectAndALaunchIsRetried(_ kind: TransportKind) async throws {
        let port = try LoopbackHTTPServer.closedPort()
        let launch = DevoQueryRequest(query: "q", from: 1, destination: DevoDestination(type: .donothing))
        let client = try client(kind, "http://127.0.0.1:\(port)", retries: 2)
        let error = await captureError { try await client.launch(launch) }
        guard case .connectionFailed(_, let reason, let attempts)? = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(reason.hasPrefix("cannot connect: "))
        #expect(attempts == 3)
        #expect(client.requestCount == 3)
    }

    @Test(arguments: TransportKind.allCases) func aSilentServerTimesOutAndALaunchIsNotRetried(_ kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { _ in nil }
        defer { server.stop() }
        let launch = DevoQueryRequest(query: "q", from: 1, destination: DevoDestination(type: .donothing))
        let client = try client(kind, server.baseURL, retries: 3, timeout: 0.3)
        let error = await captureError { try await client.launch(launch) }
        guard case .timeout(_, _, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(attempts == 1)
        // Counted on the client side: whether the server thread has read the request by the
        // time the client gives up is a race.
        #expect(client.requestCount == 1)
    }

    @Test(arguments: TransportKind.allCases) func cancellingTheCallerEndsAWaitingRequestAtOnce(_ kind: TransportKind) async throws {
        let server = try LoopbackHTTPServer { _ in nil }
        defer { server.stop() }
        let client = try client(kind, server.baseURL, timeout: 30)
        let started = ContinuousClock.now
        let task = Task { await captureError { try await client.job(id: "slow") } }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let error = await task.value
        guard case .cancelled? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
