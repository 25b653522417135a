import Foundation
import Testing
@testable import DevoSim

/// Shapes of every endpoint's replies (devo-api.md §4-§6) and query validation.
@Suite struct EndpointTests {
    static let jobFields: Set<String> = ["status", "id", "eventGenerated", "eventsSent", "lastDatetime", "extra", "type",
                                         "friendlyName", "query", "cid", "owner", "table", "domain", "error"]

    @Test func queryWithDestinationReturnsTheNotificationEnvelope() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let response = try sim.post(#"{"query":"from siem.logtrust.web.activity select *","from":1530000000,"to":1530003600,"destination":{"type":"s3","params":{}}}"#)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let envelope = try #require(response.object)
        #expect(envelope["msg"] as? String == "")
        #expect(envelope["status"] as? Int == 0)
        #expect((envelope["cid"] as? String)?.count == 10)
        #expect(envelope["timestamp"] as? Int == Int(sim.now))
        let id = try #require((envelope["object"] as? [String: Any])?["id"] as? String)
        #expect(id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        // The raw text starts like Devo's, field order included.
        #expect(response.text.hasPrefix(#"{"msg":"","status":0,"cid":""#))
    }

    @Test func jobObjectCarriesEveryDocumentedField() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let id = try sim.launch(query: "from siem.logtrust.web.activity select *", from: 1530000000, to: 1530003600,
                                type: "s3", params: #"{"aws.bucket":"b","aws.region":"eu-west-1","aws.accesskey":"AK","aws.secretkey":"SK"}"#)
        sim.clock?.advance(seconds: 30)
        let job = try sim.jobObject(id)
        #expect(Set(job.keys) == Self.jobFields)
        #expect(job["type"] as? String == "s3")
        #expect(job["table"] as? String == "siem.logtrust.web.activity")
        #expect(job["domain"] as? String == "self")
        #expect(job["owner"] as? String == "you@example.com")
        #expect(job["query"] as? String == "from siem.logtrust.web.activity select *")
        #expect((job["cid"] as? String)?.count == 10)
        let name = try #require(job["friendlyName"] as? String)
        #expect(name.hasPrefix("s3_") && name.count == 13)
        let paths = try #require((job["extra"] as? [String: Any])?["paths"] as? [String])
        #expect(paths.first?.hasPrefix("https://b.s3.eu-west-1.amazonaws.com/apiv2_\(id)_001.csv.zip") == true)
        #expect(job["error"] as? [String] == [])
    }

    @Test func destinationsFillExtraAsDocumented() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let redis = try sim.post(#"{"query":"from demo.ecommerce.data select *","from":"1h","destination":{"type":"redis","params":{"friendlyName":"lookup1","keyFields":[{"name":"srcIp","type":"str"}],"expireIn":600}}}"#)
        #expect(redis.status == 200)
        let redisObject = try #require(redis.jobObject)
        let keyBase = try #require(redisObject["redisKeyBase"] as? String)
        #expect(keyBase.hasPrefix("self#") && keyBase.count == 37)
        let id = try #require(redisObject["id"] as? String)
        let extra = try #require(try sim.jobObject(id)["extra"] as? [String: Any])
        #expect(extra["redisKeyBase"] as? String == keyBase)
        let keyFields = try #require(extra["keyFields"] as? [[String: String]])
        #expect(keyFields == [["name": "srcIp", "type": "str"]])
        #expect(extra["expireIn"] as? Int == 600)

        let duplicate = try sim.post(#"{"query":"from demo.ecommerce.data select *","from":"1h","destination":{"type":"redis","params":{"friendlyName":"lookup1","keyFields":[{"name":"srcIp","type":"str"}],"expireIn":60}}}"#)
        #expect(duplicate.status == 500)
        #expect(duplicate.object?["msg"] as? String == "Unable to Start Task: Task Key Duplicate: lookup1")
        #expect(duplicate.object?["code"] as? Int == 500)

        let email = try sim.launch(from: 1530000000, to: 1530003600, type: "email", params: #"{"email.to":"a@example.com"}"#)
        sim.clock?.advance(seconds: 30)
        #expect(((try sim.jobObject(email)["extra"] as? [String: Any])?["emailsSended"] as? Int ?? 0) >= 1)
        let kafka = try sim.launch(from: 1530000000, type: "kafka", params: #"{"topic":"t","bootstrap.servers":"k:9092"}"#)
        #expect((try sim.jobObject(kafka)["extra"] as? [String: Any])?.isEmpty == true)
    }

    @Test(arguments: [
        (#"{"from":1530000000}"#, "Missing 'query' or 'queryId'"),
        (#"{"query":"from demo.ecommerce.data select *"}"#, "Missing 'from'"),
        (#"{"query":"q","from":"yesterday-ish"}"#, "Invalid 'from'"),
        (#"{"query":"q","from":1530003600,"to":1530000000,"destination":{"type":"donothing"}}"#, "'to' is earlier than 'from'"),
        (#"{"query":"q","from":1,"destination":{"type":"ftp"}}"#, "Unknown destination type 'ftp'"),
        (#"{"query":"q","from":1,"destination":"s3"}"#, "Invalid 'destination'"),
        (#"{"query":"q","from":1,"destination":{"type":"kafka","params":{"topic":"t"}}}"#, "Missing destination parameter 'bootstrap.servers' for type 'kafka'"),
        (#"{"query":"q","from":1,"destination":{"type":"redis","params":{"friendlyName":"x","expireIn":60}}}"#, "Missing destination parameter 'keyFields'"),
        (#"{"query":"q","from":1}"#, "inline query results are not simulated"),
        (#"[1,2,3]"#, "not a JSON object"),
        (#"{"query": "#, "not a JSON object"),
        ("", "Empty request body"),
        (String(repeating: "[", count: 5000), "nested too deeply"),
    ])
    func invalidQueryBodiesGetAClear400(body: String, message: String) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let response = try sim.post(body)
        #expect(response.status == 400)
        #expect(response.object?["status"] as? Int == 1)
        let text = try #require(response.object?["msg"] as? String)
        #expect(text.contains(message), "\(text)")
        #expect(sim.simulator.jobSnapshot().isEmpty)
    }

    @Test func queryIdAndRelativeTimesAreAccepted() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let now = sim.now
        let cases: [(String, Int64)] = [
            (#""from":"1d""#, now - 86_400_000), (#""from":"2h""#, now - 7_200_000), (#""from":"now""#, now),
            (#""from":1530000000123"#, 1_530_000_000_123), (#""from":"1530000000""#, 1_530_000_000_000),
            (#""from":"2026-01-31 10:00:00""#, 1_769_853_600_000),
        ]
        for (field, expected) in cases {
            let response = try sim.post(#"{"queryId":"saved-1",\#(field),"destination":{"type":"donothing"}}"#)
            #expect(response.status == 200, "\(field): \(response.text)")
            let id = try #require(response.jobObject?["id"] as? String)
            let job = try #require(sim.simulator.job(id: id))
            #expect(job.from == expected, "\(field)")
            #expect(job.query == "saved-1")
            #expect(job.table == "")
        }
    }

    @Test func listReturnsEveryJobInCreationOrder() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let empty = try sim.get("/search/jobs")
        #expect(empty.text.hasSuffix(#""object":[]}"#))
        let ids = try (0..<5).map { index in
            try sim.launch(from: 1530000000, params: #"{"friendlyName":"job-\#(index)"}"#)
        }
        let list = try #require(try sim.get("/search/jobs").object?["object"] as? [[String: Any]])
        #expect(list.compactMap { $0["id"] as? String } == ids)
        #expect(list.compactMap { $0["friendlyName"] as? String } == (0..<5).map { "job-\($0)" })
        #expect(list.allSatisfy { Set($0.keys) == Self.jobFields })
    }

    @Test func unknownJobIs404WithTaskNotFound() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        for path in ["/search/job/nope", "/search/job/stop/nope", "/search/job/start/nope", "/search/job/remove/nope"] {
            let response = try sim.get(path)
            #expect(response.status == 404, "\(path)")
            #expect(response.object?["msg"] as? String == "Task not found")
            #expect(response.object?["status"] as? Int == 100)
            #expect(response.object?["timestamp"] as? Int != nil)
            #expect(response.object?["cid"] as? String != nil)
        }
    }

    @Test func otherPathsAre404AndWrongMethodsAre405() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        for path in ["/", "/search", "/search/jobs/s3", "/search/jobs/s3/name", "/search/job/stop", "/search/job/a/b",
                     "/search/table/x", "/search/query/extra"] {
            #expect(try sim.get(path).status == 404, "\(path)")
        }
        let post = try sim.request("POST", "/search/jobs")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET")
        let get = try sim.get("/search/query")
        #expect(get.status == 405)
        #expect(get.headers["allow"] == "POST")
        #expect(try sim.request("DELETE", "/search/job/x").status == 405)
        // Routing comes first: a bad path with bad credentials is still a 404.
        #expect(try sim.get("/nowhere", auth: .none).status == 404)
    }

    @Test func queryStringIsIgnoredForRouting() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        #expect(try sim.get("/search/jobs?x=1").status == 200)
    }

    @Test func listOf100000JobsWorks() throws {
        let sim = try SimHarness(jobs: 100_000, seed: 9)
        defer { sim.stop() }
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        try connection.send(sim.rawRequest("GET", "/search/jobs"))
        let response = try #require(connection.readResponse(timeout: 60))
        #expect(response.status == 200)
        // Counted rather than parsed: JSONSerialization of 50 MB would dominate the test.
        #expect(response.body.starts(with: Array(#"{"status":0,"cid":""#.utf8)))
        #expect(response.body.suffix(2) == [UInt8(ascii: "]"), UInt8(ascii: "}")])
        #expect(occurrences(of: #""eventGenerated":"#, in: response.body) == 100_000)
    }

    /// Non-overlapping occurrences of `needle`, scanned through a raw buffer (array
    /// indexing in a debug build would take seconds over 50 MB).
    private func occurrences(of needle: String, in haystack: [UInt8]) -> Int {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return 0 }
        return haystack.withUnsafeBufferPointer { buffer -> Int in
            var count = 0, index = 0
            let end = buffer.count - pattern.count
            while index <= end {
                if buffer[index] == first, buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
                    count += 1
                    index += pattern.count
                } else {
                    index += 1
                }
            }
            return count
        }
    }
}

@Test func absurdTimesAreRejectedNotTrapped() throws {
    let sim = try SimHarness()
    defer { sim.stop() }
    for from in [#""from":1e300"#, #""from":-5"#, #""from":"-5d""#, #""from":"999999d""#, #""from":"+275760-09-13 00:00:00""#, #""from":"now()*1e300""#] {
        let response = try sim.post(#"{"query":"from demo.ecommerce.data select *",\#(from),"destination":{"type":"donothing"}}"#)
        #expect(response.status == 400, "\(from)")
    }
    #expect(try sim.get("/search/jobs").status == 200)
}
