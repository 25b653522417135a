import Foundation
import Testing
@testable import DevoSim

/// The simulator follows Devo's documented rules, not djs's habits: its date language
/// (api.md "Date Formats"), its destination rules and codes, and its short action replies.
@Suite struct DevoRulesTests {
    /// api.md's examples assume "the moment of execution is 08-10-2018, 14:33:12 UTC".
    static let docsNow: Int64 = 1_539_009_192_000

    private func launched(_ fields: String, _ sim: SimHarness) throws -> (from: Int64, to: Int64?)? {
        let response = try sim.post(#"{"query":"from demo.ecommerce.data select *",\#(fields),"destination":{"type":"donothing"}}"#)
        guard response.status == 200, let id = response.jobObject?["id"] as? String,
              let job = sim.simulator.job(id: id) else { return nil }
        return (job.from, job.to)
    }

    /// Each row is one of api.md's own examples (its "Dates", "Days" and "Hours" tables and
    /// its dynamic expressions), with the instant it says it means.
    @Test(arguments: [
        (#""from":"today""#, 1_538_956_800, nil),                                    // 08-10-2018 00:00:00 UTC
        (#""from":"today","timeZone":"GMT+2""#, 1_538_949_600, nil),                 // 07-10-2018 22:00:00 UTC
        (#""from":"now""#, 1_539_009_192, nil),
        (#""from":"endday""#, 1_539_043_199, nil),                                   // 08-10-2018 23:59:59
        (#""from":1515500531,"to":"endday""#, 1_515_500_531, 1_515_542_399),        // the from day's last second
        (#""from":"endmonth""#, 1_541_030_399, nil),                                 // 31-10-2018 23:59:59
        (#""from":1536150131,"to":"endmonth""#, 1_536_150_131, 1_538_351_999),      // 30-09-2018 23:59:59
        (#""from":"2d""#, 1_538_836_392, nil),                                       // 06-10-2018 14:33:12
        (#""from":1536150131,"to":"2d""#, 1_536_150_131, 1_536_322_931),            // 07-09-2018 12:22:11
        (#""from":"5d","to":"2d""#, 1_538_577_192, 1_538_749_992),                   // 03-10 and 05-10, 14:33:12
        (#""from":"2ad""#, 1_538_784_000, nil),                                      // 06-10-2018 00:00:00
        (#""from":1536150131,"to":"2ad""#, 1_536_150_131, 1_536_278_400),           // 07-09-2018 00:00:00
        (#""from":"2h""#, 1_539_001_992, nil),                                       // 08-10-2018 12:33:12
        (#""from":"16h""#, 1_538_951_592, nil),                                      // 07-10-2018 22:33:12
        (#""from":"2ah""#, 1_538_949_600, nil),                                      // 07-10-2018 22:00:00
        (#""from":"2ah","timeZone":"GMT+2""#, 1_538_942_400, nil),                   // 07-10-2018 20:00:00 UTC
        (#""from":"5ah","to":"21ah""#, 1_538_938_800, 1_538_946_000),                // 07-10 19:00 and 21:00
        (#""from":"now()-2*day()""#, 1_538_836_392, nil),
        (#""from":"yesterday()","to":"now()""#, 1_538_870_400, 1_539_009_192),
        (#""from":"today()-6*month()""#, 1_538_956_800 - 180 * 86_400, nil),
        (#""from":"2025-01-30 15:35:23""#, 1_738_251_323, nil),
        (#""from":"2025-01-30""#, 1_738_195_200, nil),
        (#""from":"2025-01-30","timeZone":"GMT-2""#, 1_738_195_200 + 7_200, nil),
        (#""from":"yesterday","to":"today""#, 1_538_870_400, 1_538_956_800),
    ] as [(String, Int64, Int64?)])
    func devosDateLanguageIsAccepted(_ fields: String, _ from: Int64, _ to: Int64?) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        sim.clock?.set(milliseconds: Self.docsNow)
        let job = try #require(try launched(fields, sim), "\(fields) was refused")
        #expect(job.from == from * 1000, "\(fields)")
        #expect(job.to == to.map { $0 * 1000 }, "\(fields)")
    }

    /// Forms that are djs's or ISO 8601's, not Devo's, are refused with the forms Devo takes.
    @Test(arguments: [#""from":"2026-01-31T10:00:00Z""#, #""from":"now-1d""#, #""from":"30m""#, #""from":"soon""#,
                      #""from":"now()+""#, #""from":"tomorrow()""#, #""from":"2025-02-30""#, #""from":"today","timeZone":"Mars/Base""#])
    func otherFormsAreRefused(_ fields: String) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let response = try sim.post(#"{"query":"from demo.ecommerce.data select *",\#(fields),"destination":{"type":"donothing"}}"#)
        #expect(response.status == 400, "\(fields)")
        #expect(response.object?["status"] as? Int == 1)
        let message = try #require(response.object?["msg"] as? String)
        #expect(message.hasPrefix("Invalid 'from'") || message.hasPrefix("Invalid 'timeZone'"), "\(message)")
    }

    /// Devo's codes from its s3 and email destination documents, in the reply's `status`.
    @Test(arguments: [
        ("s3", #"{"aws.bucket":"b","aws.region":"eu-west-1"}"#, 205),
        ("s3", #"{"aws.bucket":"","aws.region":"r","aws.accesskey":"a","aws.secretkey":"s"}"#, 206),
        ("s3", #"{"format":"jsonl"}"#, 210),
        ("s3", #"{"format":"gzip","file.password":"p"}"#, 211),
        ("s3", #"{"file.password":""}"#, 212),
        ("email", #"{}"#, 216),
        ("email", #"{"email.to":"nobody"}"#, 217),
        ("email", #"{"email.to":"a@b.c","email.subject":5}"#, 213),
        ("email", #"{"email.to":"a@b.c","format":"tar"}"#, 215),
        ("email", #"{"email.to":"a@b.c","format":"gzip","file.password":"p"}"#, 214),
        ("email", #"{"email.to":"a@b.c","retention.size":-1}"#, 219),
        ("email", #"{"email.to":"a@b.c","retention.time":"x"}"#, 220),
        ("redis", #"{"friendlyName":"r","keyFields":[{"name":"a","type":"str"}]}"#, 1),
        ("redis", #"{"friendlyName":"r","expireIn":60,"keyFields":"a,b"}"#, 1),
        ("redis", #"{"friendlyName":"r","expireIn":60,"keyFields":[{"name":"a","type":"str"}],"valueFields":["b"]}"#, 1),
        ("hdfs", #"{"file":"/x"}"#, 1),
    ])
    func destinationsFollowDevosRules(_ type: String, _ params: String, _ code: Int) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let response = try sim.post(#"{"query":"from demo.ecommerce.data select *","from":1530000000,"destination":{"type":"\#(type)","params":\#(params)}}"#)
        #expect(response.status == 400, "\(type) \(params)")
        #expect(response.object?["status"] as? Int == code, "\(type) \(params): \(response.text)")
        #expect(sim.simulator.jobSnapshot().isEmpty)
    }

    @Test(arguments: [
        ("s3", #"{}"#), ("s3", #"{"aws.bucket":"b","aws.region":"r","aws.accesskey":"a","aws.secretkey":"s","format":"zip","file.password":"p"}"#),
        ("email", #"{"email.to":"a@b.c","format":"gzip","retention.size":5120,"retention.time":900}"#),
        ("redis", #"{"friendlyName":"r","expireIn":60,"keyFields":[{"name":"a","type":"str"}],"valueFields":[{"name":"b","type":"int4"}]}"#),
        ("kafka", #"{"topic":"t","bootstrap.servers":"k:9092"}"#), ("hdfs", #"{"fs.defaultFS":"hdfs://nn:8020","file":"/x"}"#),
        ("donothing", #"{}"#),
    ])
    func destinationsDevoAcceptsAreAccepted(_ type: String, _ params: String) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        _ = try sim.launch(from: 1530000000, type: type, params: params)
    }

    /// task.md: stop, start and remove answer with status, id, lastDatetime and error only.
    @Test func actionsAnswerWithTheShortJobObjectUnlessAskedForTheWholeJob() throws {
        for full in [false, true] {
            let sim = try SimHarness(fullActionReplies: full)
            defer { sim.stop() }
            let id = try sim.launch(from: 1530000000)
            sim.clock?.advance(seconds: 2)
            for action in ["stop", "start", "remove"] {
                let object = try #require(try sim.get("/search/job/\(action)/\(id)").object?["object"] as? [String: Any])
                if full {
                    #expect(Set(object.keys) == EndpointTests.jobFields, "\(action)")
                } else {
                    #expect(Set(object.keys) == ["status", "id", "lastDatetime", "error"], "\(action)")
                }
            }
        }
    }
}
