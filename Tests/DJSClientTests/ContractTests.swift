import DevoSim
import Foundation
import Testing
@testable import DJSClient

/// The contract: every reply example in Devo's documents, read by the client, and the
/// simulator's replies checked to have the same shape (field names and JSON types),
/// endpoint by endpoint. The fixtures are the documents' examples as published (DevoInc
/// python-sdk `docs/api/task.md`, `destination_s3.md`, `destination_email.md`,
/// `destination_redis.md`; error bodies as captured in DevoInc browser-sdk's mocks and
/// python-sdk's error tests), each with its source.
@Suite(.serialized) struct ContractTests {
    struct Fixture: Sendable, CustomStringConvertible {
        var source: String
        var body: String
        var description: String { source }
    }

    // MARK: - Job status objects

    /// task.md, "Check Status Of a Job", response example.
    static let jobStatus = Fixture(source: "task.md: Check Status Of a Job", body: """
        {"status": 0, "cid": "0uRuSH6Rnt", "timestamp": 1527783750851,
         "object": {"status": "COMPLETED", "id": "ea62e2fd-4819-4a52-b5a2-ac7d92ec65a1", "eventGenerated": 37733,
                    "eventsSent": 37733, "lastDatetime": 1525794913948, "error": []}}
        """)
    /// destination_s3.md, the task status with the uploaded files.
    static let s3Job = Fixture(source: "destination_s3.md: task status with paths", body: """
        {"status": 0, "cid": "tjIqEhbIKZ", "timestamp": 1533548393561,
         "object": {"status": "COMPLETED", "id": "983c5a6b-7081-40eb-a631-7492d9badbfe", "eventGenerated": 2619588,
                    "eventsSent": 2619588, "lastDatetime": 0,
                    "extra": {"paths": ["https://sis-2523.s3.eu-west-1.amazonaws.com/apiv2_983c5a6b-7081-40eb-a631-7492d9badbfe_001.csv.zip"]},
                    "type": "s3", "friendlyName": "s3_ezilvjQ1Sh", "query": "from siem.logtrust.web.activity select *",
                    "cid": "lSypa1lvKv", "owner": "kW5Ule1m*omUatc8tu4S5LuQSnX9UpLs", "table": "siem.logtrust.web.activity",
                    "error": []}}
        """)
    /// destination_email.md, "On query info".
    static let emailJob = Fixture(source: "destination_email.md: On query info", body: """
        {"status": 0, "cid": "nhoSWU6ioj", "timestamp": 1541691126809,
         "object": {"status": "COMPLETED", "id": "bc2c33cd-b68c-4e5e-8e19-39e9cec29209", "eventGenerated": 81370,
                    "eventsSent": 81370, "lastDatetime": 1541678102489, "extra": {"emailsSended": 8}, "type": "email",
                    "friendlyName": "email_YSx9daY9yC", "query": "from siem.logtrust.web.activity select *",
                    "cid": "ghtufPRLQF", "owner": "5109b1ed2d9fb83885d90b5cad3c355c", "table": "siem.logtrust.web.activity",
                    "domain": "self", "error": []}}
        """)
    /// destination_email.md, "On query Info with errors" (one of its eight errors kept).
    static let emailJobWithErrors = Fixture(source: "destination_email.md: On query Info with errors", body: """
        {"status": 0, "cid": "BjQGorvYcO", "timestamp": 1541688414389,
         "object": {"status": "COMPLETED", "id": "b134e4ed-8f25-45e2-bc85-1d7c6756b522", "eventGenerated": 117589,
                    "lastDatetime": 0, "extra": {"emailsSended": 0}, "type": "email", "friendlyName": "email_pGfnGC630J",
                    "query": "from siem.logtrust.web.activity select *", "cid": "vEBQl1YJJ7",
                    "owner": "5109b1ed2d9fb83885d90b5cad3c355c", "table": "siem.logtrust.web.activity", "domain": "self",
                    "error": ["Cannot send mail: The request signature we calculated does not match the signature you provided. (Service: AmazonSimpleEmailService; Status Code: 403; Error Code: SignatureDoesNotMatch)"]}}
        """)
    /// destination_redis.md, "Checking the Status".
    static let redisJob = Fixture(source: "destination_redis.md: Checking the Status", body: """
        {"status": 0,
         "object": {"status": "RUNNING", "id": "8e10f496-27bc-4c47-9113-653aff8d0edd", "lastDatetime": 1515398134810,
                    "extra": {"redisKeyBase": "self#affa6b69ce8e06a43b6cc4e206798326",
                              "keyFields": [{"name": "domain", "type": "str"}, {"name": "username", "type": "str"}],
                              "description": "descripcion de la tarea que vamos a iniciar de redis", "expireIn": 300},
                    "type": "redis", "friendlyName": "redis-001",
                    "query": "from siem.logtrust.web.activityAll group every 5m by domain, username every 5m", "error": []}}
        """)

    /// task.md, "Find All Jobs".
    static let listing = Fixture(source: "task.md: Find All Jobs", body: """
        {"status": 0, "cid": "0uRuSH6Rnt", "timestamp": 1527783750851,
         "object": [{"status": "COMPLETED", "id": "ea62e2fd-4819-4a52-b5a2-ac7d92ec65a1", "eventGenerated": 37733,
                     "eventsSent": 37733, "lastDatetime": 1525794913948, "error": []},
                    {"status": "COMPLETED", "id": "1f37ed42-d0be-49cb-9b8a-eff7c2f0b5e6", "eventGenerated": 4783,
                     "eventsSent": 4783, "lastDatetime": 1525960711885, "error": []}]}
        """)

    /// task.md, "Stop a Job", "Start a Job" and "Remove a Job": the short object.
    static let actions: [(action: String, fixture: Fixture)] = [
        ("stop", Fixture(source: "task.md: Stop a Job", body: """
            {"status": 0, "cid": "0uRuSH6Rnt", "timestamp": 1527783750851,
             "object": {"status": "STOPPED", "id": "04426977-a37e-45b8-b8d2-da6a5608d713", "lastDatetime": 1526846001907, "error": []}}
            """)),
        ("start", Fixture(source: "task.md: Start a Job", body: """
            {"status": 0, "cid": "0uRuSH6Rnt", "timestamp": 1527783750851,
             "object": {"status": "RUNNING", "id": "04426977-a37e-45b8-b8d2-da6a5608d713", "lastDatetime": 1526846001907, "error": []}}
            """)),
        ("remove", Fixture(source: "task.md: Remove a Job", body: """
            {"status": 0, "cid": "0uRuSH6Rnt", "timestamp": 1527783750851,
             "object": {"status": "REMOVED", "id": "04426977-a37e-45b8-b8d2-da6a5608d713", "lastDatetime": 1526846382483, "error": []}}
            """)),
    ]

    /// destination_s3.md (forwarding page) and destination_redis.md: the launch replies.
    static let launchReply = Fixture(source: "Devo's S3 forwarding page: the query's notification message",
                                     body: #"{"msg": "", "status": 0, "object": {"id": "193507c8-93df-405f-bdf7-acf1a91890e2"}}"#)
    static let redisLaunchReply = Fixture(source: "destination_redis.md: Results", body: """
        {"msg": "", "status": 0, "object": {"id": "13d359-93df-406f-bdf7-acf1a8u7h552", "redisKeyBase": "self#affa0000011111222223333"}}
        """)

    // MARK: - Error bodies

    /// browser-sdk mocks and python-sdk's error tests: job not found.
    static let notFound = Fixture(source: "browser-sdk mocks: task not found",
                                  body: #"{"msg":"Task not found","status":100,"timestamp":1611837630099,"cid":"6b32d3805a82"}"#)
    /// browser-sdk mocks (invalidCredentialsError.txt): a bad signature.
    static let badSignature = Fixture(source: "browser-sdk mocks: invalidCredentialsError",
                                      body: #"{"error":{"code":12,"message":"Invalid signature validation"}}"#)

    // MARK: - The client reads every example

    @Test(arguments: [jobStatus, s3Job, emailJob, emailJobWithErrors, redisJob])
    func everyDocumentedJobDecodes(_ fixture: Fixture) async throws {
        let expected = try #require(JSONValue.parse(Array(fixture.body.utf8))["object"])
        let job = try await makeHarness(StubTransport(body: fixture.body)).client.job(id: "any")
        #expect(job.id == expected["id"]?.stringValue)
        #expect(job.status.apiValue == expected["status"]?.stringValue)
        #expect(job.eventGenerated == expected["eventGenerated"]?.intValue)
        #expect(job.eventsSent == expected["eventsSent"]?.intValue)
        let last = expected["lastDatetime"]?.intValue
        #expect(job.lastDatetime == (last == 0 ? nil : last))
        #expect(job.error == (expected["error"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(job.extra == (expected["extra"]?.objectValue ?? [:]))
        #expect(job.type == expected["type"]?.stringValue)
        #expect(job.friendlyName == expected["friendlyName"]?.stringValue)
        #expect(job.query == expected["query"]?.stringValue)
        #expect(job.cid == expected["cid"]?.stringValue)
        #expect(job.owner == expected["owner"]?.stringValue)
        #expect(job.table == expected["table"]?.stringValue)
        #expect(job.domain == expected["domain"]?.stringValue)
    }

    @Test func theDocumentedListingDecodes() async throws {
        let listing = try await makeHarness(StubTransport(body: Self.listing.body)).client.listing()
        #expect(listing.jobs.map(\.id) == ["ea62e2fd-4819-4a52-b5a2-ac7d92ec65a1", "1f37ed42-d0be-49cb-9b8a-eff7c2f0b5e6"])
        #expect(listing.jobs.map(\.eventsSent) == [37733, 4783])
        #expect(listing.skipped.isEmpty)
    }

    @Test func theDocumentedActionRepliesDecode() async throws {
        for (action, fixture) in Self.actions {
            let client = makeHarness(StubTransport(body: fixture.body)).client
            let job: DevoJob
            switch action {
            case "stop": job = try await client.stop(id: "04426977-a37e-45b8-b8d2-da6a5608d713")
            case "start": job = try await client.start(id: "04426977-a37e-45b8-b8d2-da6a5608d713")
            default: job = try await client.remove(id: "04426977-a37e-45b8-b8d2-da6a5608d713")
            }
            #expect(job.id == "04426977-a37e-45b8-b8d2-da6a5608d713", "\(fixture)")
            #expect(job.status.apiValue == ["stop": "STOPPED", "start": "RUNNING", "remove": "REMOVED"][action])
            #expect(job.friendlyName == nil && job.type == nil && job.eventsSent == nil, "short: nothing else")
        }
    }

    @Test func theDocumentedLaunchRepliesDecode() async throws {
        let launch = DevoQueryRequest(query: "from t", from: 0, destination: DevoDestination(type: .donothing))
        let plain = try await makeHarness(StubTransport(body: Self.launchReply.body)).client.launchJob(launch)
        #expect(plain == DevoLaunchReply(id: "193507c8-93df-405f-bdf7-acf1a91890e2"))
        let redis = try await makeHarness(StubTransport(body: Self.redisLaunchReply.body)).client.launchJob(launch)
        #expect(redis == DevoLaunchReply(id: "13d359-93df-406f-bdf7-acf1a8u7h552", redisKeyBase: "self#affa0000011111222223333"))
    }

    @Test func theDocumentedErrorBodiesAreClassified() async throws {
        for status in [200, 404] {
            let error = await #expect(throws: DevoError.self) {
                try await makeHarness(StubTransport(status: status, body: Self.notFound.body)).client.job(id: "gone")
            }
            guard case .jobNotFound(let detail)? = error else { Issue.record("\(String(describing: error))"); continue }
            #expect(detail.code == 100 && detail.message == "Task not found")
        }
        let error = await #expect(throws: DevoError.self) {
            try await makeHarness(StubTransport(status: 401, body: Self.badSignature.body)).client.jobs()
        }
        guard case .authentication(let detail)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(detail.code == 12 && detail.message == "Invalid signature validation")
    }

    // MARK: - The simulator answers in the same shapes

    /// Problems where `actual` does not have `expected`'s shape: every member of an expected
    /// object is present with the same JSON type (and, with `exactKeys`, no other member);
    /// arrays compare their first elements.
    static func shapeProblems(_ expected: JSONValue, _ actual: JSONValue, at path: String = "",
                              exactKeys: Set<String> = []) -> [String] {
        guard expected.typeName == actual.typeName else {
            return ["\(path.isEmpty ? "the reply" : path) is \(actual.typeName), Devo's is \(expected.typeName)"]
        }
        switch (expected, actual) {
        case (.object(let want), .object(let have)):
            var problems = want.keys.sorted().flatMap { key in
                have[key].map { shapeProblems(want[key]!, $0, at: path + "." + key, exactKeys: exactKeys) }
                    ?? ["\(path).\(key) is missing"]
            }
            if exactKeys.contains(path) {
                problems += have.keys.filter { want[$0] == nil }.sorted().map { "\(path).\($0) is not in Devo's reply" }
            }
            return problems
        case (.array(let want), .array(let have)):
            guard let first = want.first, let other = have.first else { return [] }
            return shapeProblems(first, other, at: path + "[0]", exactKeys: exactKeys)
        default:
            return []
        }
    }

    final class Simulated: @unchecked Sendable {
        let simulator: DevoSimulator
        let transport = CurlTransport(maxConnectionsPerHost: 1)

        init() throws {
            var options = SimulatorOptions()
            options.token = "contract-token"
            options.createdDuration = 0
            simulator = DevoSimulator(options: options)
            try simulator.start()
        }

        func reply(_ method: String, _ path: String, body: String = "") async throws -> (Int, JSONValue) {
            let request = HTTPRequest(method: method, url: URL(string: simulator.baseURL + path)!,
                                      headers: ["Authorization": "Bearer contract-token", "Content-Type": "application/json"],
                                      body: Array(body.utf8), timeout: 5)
            let response = try await transport.send(request)
            return (response.statusCode, try JSONValue.parse(response.body))
        }

        func launch(_ type: String, _ params: String, query: String = "from siem.logtrust.web.activity select *") async throws -> (JSONValue, String) {
            let (_, reply) = try await reply("POST", "/search/query", body: #"{"from":"2d","to":"1d","query":"\#(query)","destination":{"type":"\#(type)","params":\#(params)}}"#)
            return (reply, reply["object"]?["id"]?.stringValue ?? "")
        }
    }

    static func expectSameShape(_ fixture: Fixture, _ actual: JSONValue, exactKeys: Set<String> = []) throws {
        let problems = shapeProblems(try JSONValue.parse(Array(fixture.body.utf8)), actual, exactKeys: exactKeys)
        #expect(problems.isEmpty, "against \(fixture): \(problems.joined(separator: "; "))")
    }

    @Test func theSimulatorsRepliesHaveDevosShapes() async throws {
        let sim = try Simulated()
        defer { sim.simulator.stop() }
        let (s3Launch, s3) = try await sim.launch("s3", "{}")
        try Self.expectSameShape(Self.launchReply, s3Launch, exactKeys: [".object"])
        let (_, email) = try await sim.launch("email", #"{"email.to":"ops@example.com"}"#)
        let (redisLaunch, redis) = try await sim.launch(
            "redis", #"{"friendlyName":"redis-001","description":"d","expireIn":300,"keyFields":[{"name":"domain","type":"str"},{"name":"username","type":"str"}]}"#)
        try Self.expectSameShape(Self.redisLaunchReply, redisLaunch, exactKeys: [".object"])
        try await Task.sleep(for: .milliseconds(300))

        try Self.expectSameShape(Self.jobStatus, try await sim.reply("GET", "/search/job/\(s3)").1)
        try Self.expectSameShape(Self.s3Job, try await sim.reply("GET", "/search/job/\(s3)").1, exactKeys: [".object.extra"])
        try Self.expectSameShape(Self.emailJob, try await sim.reply("GET", "/search/job/\(email)").1, exactKeys: [".object.extra"])
        try Self.expectSameShape(Self.redisJob, try await sim.reply("GET", "/search/job/\(redis)").1, exactKeys: [".object.extra"])
        try Self.expectSameShape(Self.listing, try await sim.reply("GET", "/search/jobs").1)

        for (action, fixture) in Self.actions {
            let (status, reply) = try await sim.reply("GET", "/search/job/\(action)/\(s3)")
            #expect(status == 200, "\(action)")
            try Self.expectSameShape(fixture, reply, exactKeys: [".object"])
        }
        let (status, notFound) = try await sim.reply("GET", "/search/job/no-such-job")
        #expect(status == 404)
        try Self.expectSameShape(Self.notFound, notFound, exactKeys: [""])
        let unsigned = HTTPRequest(method: "GET", url: URL(string: sim.simulator.baseURL + "/search/jobs")!,
                                   headers: ["Authorization": "Bearer wrong"], timeout: 5)
        let refused = try await sim.transport.send(unsigned)
        #expect(refused.statusCode == 401)
        try Self.expectSameShape(Self.badSignature, try JSONValue.parse(refused.body), exactKeys: ["", ".error"])
    }
}
