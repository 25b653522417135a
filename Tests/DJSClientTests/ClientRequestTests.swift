import DevoAuth
import Foundation
import Testing
@testable import DJSClient

/// What goes on the wire for every endpoint and every authentication method.
@Suite struct ClientRequestTests {
    static let jobBody = #"{"status":0,"cid":"cid1","object":{"status":"RUNNING","id":"j1"}}"#

    /// The signed headers for a GET at the harness's fixed time: vector V1 of devo-api.md.
    static let v1Headers = [
        "Content-Type": "application/json",
        "x-logtrust-apikey": "my api key",
        "x-logtrust-timestamp": "1530010004072",
        "x-logtrust-sign": "689cf1456a12323e1085f5623801b10e753b88db3848613780b41df9f119abff",
    ]

    @Test func listJobs() async throws {
        let harness = makeHarness(StubTransport(body: #"{"status":0,"object":[]}"#))
        _ = try await harness.client.jobs()
        #expect(harness.transport.requests == [HTTPRequest(
            method: "GET", url: URL(string: "https://apiv2-us.devo.com/search/jobs")!, headers: Self.v1Headers, body: [], timeout: 7)])
    }

    @Test(arguments: [
        ("job", "/search/job/j1"), ("stop", "/search/job/stop/j1"), ("start", "/search/job/start/j1"),
        ("remove", "/search/job/remove/j1"),
    ])
    func singleJobEndpoints(action: String, path: String) async throws {
        let harness = makeHarness(StubTransport(body: Self.jobBody))
        let client = harness.client
        let job: DevoJob
        switch action {
        case "stop": job = try await client.stop(id: "j1")
        case "start": job = try await client.start(id: "j1")
        case "remove": job = try await client.remove(id: "j1")
        default: job = try await client.job(id: "j1")
        }
        #expect(job == DevoJob(id: "j1", status: .running))
        #expect(harness.transport.requests == [HTTPRequest(
            method: "GET", url: URL(string: Fixture.baseURL + path)!, headers: Self.v1Headers, body: [], timeout: 7)])
    }

    @Test func launchSignsAndSendsTheExactBody() async throws {
        let harness = makeHarness(StubTransport(body: #"{"msg":"","status":0,"object":{"id":"new-job"}}"#))
        let request = DevoQueryRequest(query: "from demo.ecommerce.data select *", from: 1_530_000_000, to: 1_530_003_600,
                                       destination: DevoDestination(type: .s3, params: [
                                           "aws.bucket": "b", "aws.region": "eu-west-1", "aws.accesskey": "AK", "aws.secretkey": "SK"]))
        #expect(try await harness.client.launch(request) == "new-job")

        // The audit pragmas end the query text, as the SDK writes them.
        let body = #"{"from":1530000000,"to":1530003600,"query":"from demo.ecommerce.data select * pragma comment.id:\"djs\" pragma comment.user:\"djs-user\"","destination":{"type":"s3","params":{"aws.accesskey":"AK","aws.bucket":"b","aws.region":"eu-west-1","aws.secretkey":"SK"}}}"#
        let sent = try #require(harness.transport.requests.first)
        #expect(harness.transport.requests.count == 1)
        #expect(sent.method == "POST")
        #expect(sent.url.absoluteString == "https://apiv2-us.devo.com/search/query")
        #expect(text(sent.body) == body)
        // The signature covers exactly the bytes sent: recompute it independently.
        let expectedSign = HMACSHA256.authenticationCode(key: Array("my secret".utf8),
                                                         message: Array(("my api key" + body + "1530010004072").utf8)).lowercaseHex
        #expect(sent.headers == ["Content-Type": "application/json", "x-logtrust-apikey": "my api key",
                                 "x-logtrust-timestamp": "1530010004072", "x-logtrust-sign": expectedSign])
    }

    @Test func launchRefusesARequestWithoutDestinationOrWithProblems() async {
        let harness = makeHarness(StubTransport(body: "{}"))
        let noDestination = await captureError { try await harness.client.launch(DevoQueryRequest(query: "from t", from: 0)) }
        #expect(noDestination == .invalidRequest("a query launched as a job needs a destination (s3, kafka, hdfs, email, redis or donothing)"))
        let empty = await captureError {
            try await harness.client.launch(DevoQueryRequest(query: "", from: 0, destination: DevoDestination(type: .s3)))
        }
        #expect(empty == .invalidRequest("the query is empty"))
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func tokenAuthentication() async throws {
        let harness = makeHarness(StubTransport(body: Self.jobBody), credentials: .token("tok-123"))
        _ = try await harness.client.job(id: "j1")
        #expect(harness.transport.requests.first?.headers == [
            "Content-Type": "application/json", "x-logtrust-timestamp": "1530010004072", "Authorization": "Bearer tok-123"])
    }

    @Test func jwtAuthenticationOnAPost() async throws {
        let harness = makeHarness(StubTransport(body: #"{"status":0,"object":{"id":"x"}}"#), credentials: .jwt("aaa.bbb.ccc"))
        _ = try await harness.client.launch(DevoQueryRequest(query: "q", from: "1d", destination: DevoDestination(type: .donothing)))
        let sent = try #require(harness.transport.requests.first)
        #expect(sent.headers == ["Content-Type": "application/json", "x-logtrust-timestamp": "1530010004072",
                                 "Authorization": "jwt aaa.bbb.ccc"])
        #expect(text(sent.body) == #"{"from":"1d","query":"q pragma comment.id:\"djs\" pragma comment.user:\"djs-user\"","destination":{"type":"donothing","params":{}}}"#)
    }

    @Test func jobIDsArePercentEncodedAsOnePathSegment() async throws {
        let harness = makeHarness(StubTransport(body: Self.jobBody))
        _ = try await harness.client.stop(id: "a/b c?d#e%ñ")
        #expect(harness.transport.requests.first?.url.absoluteString
            == "https://apiv2-us.devo.com/search/job/stop/a%2Fb%20c%3Fd%23e%25%C3%B1")
    }

    @Test func anEmptyJobIDIsRefusedWithoutSending() async {
        let harness = makeHarness(StubTransport(body: Self.jobBody))
        let error = await captureError { try await harness.client.remove(id: "") }
        #expect(error == .invalidRequest("remove job: the job id is empty"))
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func loopbackHTTPEndpointIsUsedAsGiven() async throws {
        let transport = StubTransport(body: Self.jobBody)
        let configuration = DevoClientConfiguration(endpoint: try DevoEndpoint(address: "http://127.0.0.1:9999/search/query"),
                                                    credentials: .token("t"))
        _ = try await DevoClient(configuration: configuration, transport: transport).job(id: "j1")
        #expect(transport.requests.first?.url.absoluteString == "http://127.0.0.1:9999/search/job/j1")
    }

    @Test func theLiveClockGivesEpochMilliseconds() async throws {
        let transport = StubTransport(body: Self.jobBody)
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try await DevoClient(configuration: DevoClientConfiguration(endpoint: DevoEndpoint(region: .eu), credentials: .token("t")),
                                 transport: transport).job(id: "j1")
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let stamp = try #require(transport.requests.first?.headers["x-logtrust-timestamp"].flatMap { Int64($0) })
        #expect(stamp >= before - 1 && stamp <= after + 1)
    }

    @Test func requestsCountEveryAttemptAcrossConcurrentTasks() async throws {
        let harness = makeHarness(StubTransport(body: Self.jobBody))
        let client = harness.client
        try await withThrowingTaskGroup(of: DevoJob.self) { group in
            for index in 0..<50 { group.addTask { try await client.job(id: "j\(index)") } }
            for try await _ in group {}
        }
        #expect(client.requestCount == 50)
        #expect(Set(harness.transport.requests.map(\.url.path)).count == 50)
    }

    @Test func verboseLogHasOneLinePerAttemptWithoutSecrets() async throws {
        let harness = makeHarness(StubTransport(body: Self.jobBody),
                                  credentials: .keySecret(key: "my-api-key-123", secret: Fixture.distinctiveSecret))
        _ = try await harness.client.job(id: "j1")
        let lines = harness.logLines.all
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("devo: GET /search/job/j1 -> 200 ("))
        #expect(line.hasSuffix(" ms) cid=cid1 attempt 1/4"))
        #expect(!line.contains("DO-NOT-LEAK") && !line.contains("my-api-key-123"))
    }
}
