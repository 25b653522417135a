import DJS
import DJSClient
import DJSJobs
import DevoSim
import Foundation
import Testing

/// Scripts written against Devo's documents, run through the real client: what djs sends
/// (destinations, query fields, audit pragmas) and how it reads what Devo answers (short
/// action replies, a bad listing entry, a job that runs for an instant, a launch whose
/// read-back fails).
@Suite struct FidelityScriptTests {
    /// Answers by path from a table of canned replies and keeps every request.
    final class CannedDevo: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var replies: [String: (Int, String)]
        private var received: [HTTPRequest] = []

        init(_ replies: [String: (Int, String)]) { self.replies = replies }

        var requests: [HTTPRequest] { lock.lock(); defer { lock.unlock() }; return received }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse { answer(request) }

        private func answer(_ request: HTTPRequest) -> HTTPResponse {
            lock.withLock {
                received.append(request)
                let key = "\(request.method) \(request.url.path)"
                let (status, body) = replies[key] ?? (404, #"{"msg":"Task not found","status":100}"#)
                return HTTPResponse(statusCode: status, headers: ["Content-Type": "application/json"], body: body)
            }
        }
    }

    static func run(_ code: String, transport: any HTTPTransport, pragmas: DevoQueryPragmas = DevoQueryPragmas()) async
        -> ScriptsAgainstSimulatorTests.Run {
        await LargeStack.run {
            let interpreter = Interpreter(output: OutputBuffer())
            var configuration = DevoClientConfiguration(endpoint: DevoEndpoint(region: .eu),
                                                        credentials: .token("canned-token"), retries: 0, timeout: 5)
            configuration.pragmas = pragmas
            interpreter.jobService = ClientJobService(client: DevoClient(configuration: configuration, transport: transport),
                                                      interrupt: interpreter.interrupt)
            var errors = ""
            interpreter.jobOptions.warn = { errors += "djs: " + $0 + "\n" }
            let runner = ProgramRunner(interpreter: interpreter, writeError: { errors += $0 })
            let exit = runner.run(SourceFile(name: "test.djs", text: code))
            return ScriptsAgainstSimulatorTests.Run(exitCode: exit, output: interpreter.output.captured, errors: errors)
        }
    }

    static let launched = #"{"msg":"","status":0,"object":{"id":"new-1","redisKeyBase":"self#affa6b69ce8e06a43b6cc4e206798326"}}"#
    static let newJob = #"{"status":0,"object":{"status":"CREATED","id":"new-1","lastDatetime":0,"extra":{},"type":"redis","friendlyName":"lookup","error":[]}}"#

    private func body(_ transport: CannedDevo) throws -> [String: Any] {
        let post = try #require(transport.requests.first { $0.method == "POST" })
        return try #require(try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any])
    }

    // Point 2: keyFields as Devo's objects, expireIn required, redisKeyBase kept.
    @Test func redisSendsKeyFieldObjectsAndKeepsTheKeyBase() async throws {
        let devo = CannedDevo(["POST /search/query": (200, Self.launched), "GET /search/job/new-1": (200, Self.newJob)])
        let run = await Self.run("""
            let j = query("from siem.logtrust.web.activity group by domain, username", from: 1h,
                          dest: redis(name: "lookup", expireIn: 5m, keyFields: ["domain", {"name": "n", "type": "int4"}],
                                      valueFields: ["username"], description: "users"))
            print(j.extra.redisKeyBase)
            try < query("from t", from: 1h, dest: redis(name: "x", keyFields: ["a"])) > catch e < print(e.message) >
            """, transport: devo)
        #expect(run.errors == "")
        #expect(run.output == "self#affa6b69ce8e06a43b6cc4e206798326\ninvalid request: redis destination: expireIn is required\n")
        let destination = try #require(try body(devo)["destination"] as? [String: Any])
        let params = try #require(destination["params"] as? [String: Any])
        #expect(params["keyFields"] as? [[String: String]] == [["name": "domain", "type": "str"], ["name": "n", "type": "int4"]])
        #expect(params["valueFields"] as? [[String: String]] == [["name": "username", "type": "str"]])
        #expect(params["expireIn"] as? Int == 300)
        #expect(params["friendlyName"] as? String == "lookup")
        #expect(devo.requests.filter { $0.method == "POST" }.count == 1, "the refused destination was not sent")
    }

    // Point 1: s3 partial credentials, any format and a gzip password are refused before sending.
    @Test func s3FollowsDevosRules() async throws {
        let devo = CannedDevo(["POST /search/query": (200, Self.launched), "GET /search/job/new-1": (200, Self.newJob)])
        let run = await Self.run("""
            for d in [s3(bucket: "b", region: "eu-west-1"), s3(format: "jsonl"), s3(format: "gzip", password: "pw")] <
              try < query("from t", from: 1h, dest: d) > catch e < print(e.message) >
            >
            print(query("from t", from: 1h, dest: s3()).id)
            """, transport: devo)
        #expect(run.output == """
            invalid request: s3 destination: aws.bucket, aws.region given without aws.accesskey, aws.secretkey; Devo needs all four aws.* parameters, or none for its temporary account (Devo code 205)
            invalid request: s3 destination: format must be "zip" or "gzip", got "jsonl" (Devo code 210)
            invalid request: s3 destination: file.password is only allowed with format "zip", not "gzip" (Devo code 211)
            new-1

            """)
        #expect(devo.requests.filter { $0.method == "POST" }.count == 1)
        let destination = try #require(try body(devo)["destination"] as? [String: Any])
        #expect(destination["type"] as? String == "s3")
        #expect((destination["params"] as? [String: Any])?.isEmpty == true)
    }

    // Point 6: queryId, limit, offset, timeZone, ipAsString, comment, date text, and pragmas.
    @Test func queryArgumentsBecomeTheSDKsBodyFields() async throws {
        let devo = CannedDevo(["POST /search/query": (200, Self.launched), "GET /search/job/new-1": (200, Self.newJob)])
        let run = await Self.run("""
            query("from siem.logtrust.web.activity select *", from: "now()-2*day()", to: "endday", timeZone: "GMT+2",
                  limit: 100, offset: 10, ipAsString: true, comment: "weekly audit", dest: donothing(name: "t"))
            query(queryId: "saved-42", from: time("2025-01-30T15:35:23Z"), to: 1h, dest: destination("donothing"))
            """, transport: devo, pragmas: DevoQueryPragmas(user: "ana@example.com", comment: "from cron"))
        #expect(run.errors == "")
        let posts = devo.requests.filter { $0.method == "POST" }.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(posts.count == 2)
        #expect(posts.first == #"{"from":"now()-2*day()","to":"endday","timeZone":"GMT+2","query":"from siem.logtrust.web.activity select * pragma comment.id:\"djs\" pragma comment.user:\"ana@example.com\" pragma comment.free:\"weekly audit\"","limit":100,"offset":10,"destination":{"type":"donothing","params":{"friendlyName":"t"}},"ipAsString":true}"#)
        let second = try #require(posts.last)
        #expect(second.hasPrefix(#"{"from":1738251323,"to":"#))
        #expect(second.hasSuffix(#","queryId":"saved-42","destination":{"type":"donothing","params":{}}}"#))
    }

    @Test func queryArgumentsAreChecked() async throws {
        let devo = CannedDevo([:])
        let run = await Self.run("""
            for f in [fn() < query(from: 1h, dest: s3()) >, fn() < query("q", queryId: "x", from: 1h, dest: s3()) >,
                      fn() < query("q", from: 1h, limit: -1, dest: s3()) >, fn() < query("q", from: 1h, ipAsString: 1, dest: s3()) >,
                      fn() < query("q", from: "", dest: s3()) >, fn() < query("q", from: 1h, dest: destination("x", 3)) >] <
              try < f() > catch e < print(e.message) >
            >
            """, transport: devo)
        #expect(run.output == """
            query(): needs the query text, or queryId: the id of a query saved in Devo
            query(): takes the query text or queryId:, not both
            query(): limit: must be a whole number, 0 or more, got -1
            query(): ipAsString: must be true or false, got int
            query(): from: must be a time, a duration, epoch seconds or Devo date text, got string
            destination(): params must be a map, got int

            """)
        #expect(devo.requests.isEmpty)
    }

    // Point 7: the launch succeeded, the read-back failed: the error says the job exists.
    @Test func aFailedReadBackAfterALaunchNamesTheLaunchedJob() async throws {
        let devo = CannedDevo(["POST /search/query": (200, Self.launched),
                               "GET /search/job/new-1": (503, #"{"error":"server_error","status":503}"#)])
        let run = await Self.run("""
            try < query("from t", from: 1h, dest: donothing()) > catch e < print(e.id) >
            query("from t", from: 1h, dest: donothing())
            """, transport: devo)
        #expect(run.output == "new-1\n")
        #expect(run.exitCode == 70)
        #expect(run.errors.hasPrefix("test.djs:2:1: error: query(): the job was launched (id new-1) but reading it back failed: "))
        #expect(run.errors.contains("note: do not launch it again: read it later with job(\"new-1\")"))
    }

    // Point 8: one malformed job does not hide the others.
    @Test func aMalformedListingEntryIsSkippedWithAWarning() async throws {
        let listing = #"{"status":0,"object":[{"status":"RUNNING","id":"a"},{"id":"b"},{"status":"STOPPED","id":"c"}]}"#
        let devo = CannedDevo(["GET /search/jobs": (200, listing)])
        let run = await Self.run("""
            print([j.id for j in jobs()])
            try < jobs(strict: true) > catch e < print(e.message) >
            """, transport: devo)
        #expect(run.output == """
            ["a", "c"]
            jobs(): 1 entry of the job listing could not be read: entry 2: job b has no "status" string

            """)
        #expect(run.errors == "djs: warning: jobs(): 1 entry of the job listing could not be read and was skipped: entry 2: job b has no \"status\" string\n")
    }

    // Point 3: Devo's short action replies do not erase what was known of the job.
    @Test func stopStartAndRemoveKeepWhatWasKnownOfTheJob() async throws {
        let simulator = try ScriptsAgainstSimulatorTests.simulator(running: 3, stopped: 0)
        defer { simulator.stop() }
        let run = await ScriptsAgainstSimulatorTests.run("""
            let all = sort(jobs(), fn(j) < j.friendlyName >)
            let one = stop(all[0])
            print(one.status, one.friendlyName, one.type, one.query != null)
            let again = start(one)
            print(again.status, again.friendlyName)
            let rest = stop([all[1], all[2]])
            print(["${j.status} ${j.friendlyName}" for j in rest])
            let byId = remove(all[2].id)
            print(byId.status, byId.friendlyName)
            """, against: simulator)
        #expect(run.errors == "")
        #expect(run.output == """
            STOPPED running-0 donothing true
            RUNNING running-0
            ["STOPPED running-1", "STOPPED running-2"]
            REMOVED null

            """)
    }

    // Point 9: a job that is RUNNING for an instant and then STOPPED with an error did not run.
    @Test func waitingUntilRunningMeansStayingRunning() async throws {
        // The simulator's clock moves only when the test says: the job is RUNNING when wait()
        // first reads it, and fails once the clock is moved (an hour of data per second).
        let clock = ManualClock()
        var options = SimulatorOptions()
        options.apiKey = "script-key"
        options.apiSecret = "script-secret"
        options.clock = clock
        let simulator = DevoSimulator(options: options)
        try simulator.start()
        defer { simulator.stop() }
        let now = clock.nowMilliseconds()
        simulator.seedJob(JobSeed(friendlyName: "flaky", from: now - 3_600_000,
                                  failAt: (now - 1_800_000, "Error In Query: remote msg call problem")))
        simulator.seedJob(JobSeed(friendlyName: "steady"))
        async let run = ScriptsAgainstSimulatorTests.run("""
            let all = sort(jobs(), fn(j) < j.friendlyName >)
            try < wait(all, until: "RUNNING") > catch e <
              print(e.message)
              print(e.failed[0].error)
              print(e.succeeded[0].friendlyName, e.succeeded[0].status)
            >
            """, against: simulator)
        while !simulator.requestLog().contains(where: { $0.path.hasPrefix("/search/job/") }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        clock.advance(seconds: 1)
        let result = await run
        #expect(result.errors == "")
        #expect(result.output == """
            wait(): 1 of 2 jobs did not reach RUNNING
            was RUNNING, then is STOPPED (error: Error In Query: remote msg call problem)
            steady RUNNING

            """)
    }
}
