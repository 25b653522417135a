import Testing
@testable import DJSClient

/// Job status objects from devo-api.md §5 and the Devo docs, read through the client.
@Suite struct JobDecodingTests {
    @Test func theDocsJobStatusExampleDecodes() async throws {
        let body = """
            {"status": 0, "cid": "Yh7lwm6VWq", "timestamp": 1530010004752,
             "object": {"status": "COMPLETED", "id": "3f6002a9-69cb-4495-9745-d47216fc58bf", "eventGenerated": 13572,
                        "eventsSent": 13572, "lastDatetime": 1528278403836, "error": []}}
            """
        let job = try await makeHarness(StubTransport(body: body)).client.job(id: Fixture.jobID)
        #expect(job == DevoJob(id: Fixture.jobID, status: .completed, eventGenerated: 13572, eventsSent: 13572,
                               lastDatetime: 1_528_278_403_836, error: []))
        #expect(job.lastDate?.timeIntervalSince1970 == 1_528_278_403.836)
    }

    @Test func theFullS3ExampleDecodesEveryField() async throws {
        let body = """
            {"status":0,"cid":"tjIqEhbIKZ","timestamp":1533548393561,
             "object":{"status":"COMPLETED","id":"983c5a6b-7081-40eb-a631-7492d9badbfe","eventGenerated":2619588,
              "eventsSent":2619588,"lastDatetime":0,"extra":{"paths":["https://s3/apiv2_983c_001.csv.zip"]},
              "type":"s3","friendlyName":"s3_ezilvjQ1Sh","query":"from siem.logtrust.web.activity select *",
              "cid":"lSypa1lvKv","owner":"kW5U","table":"siem.logtrust.web.activity","domain":"self","error":[],
              "someFutureField":{"nested":[1,2.5,true,null]}}}
            """
        let job = try await makeHarness(StubTransport(body: body)).client.job(id: "983c5a6b-7081-40eb-a631-7492d9badbfe")
        #expect(job == DevoJob(
            id: "983c5a6b-7081-40eb-a631-7492d9badbfe", status: .completed, eventGenerated: 2_619_588,
            eventsSent: 2_619_588, lastDatetime: nil, error: [],
            extra: ["paths": .array([.string("https://s3/apiv2_983c_001.csv.zip")])], type: "s3",
            friendlyName: "s3_ezilvjQ1Sh", query: "from siem.logtrust.web.activity select *", cid: "lSypa1lvKv",
            owner: "kW5U", table: "siem.logtrust.web.activity", domain: "self"))
    }

    @Test func theStopExampleWithFewFieldsDecodes() async throws {
        let body = #"{"status":0,"cid":"0uRuSH6Rnt","timestamp":1527783750851,"object":{"status":"STOPPED","id":"04426977-aaaa","lastDatetime":1526846001907,"error":[]}}"#
        let job = try await makeHarness(StubTransport(body: body)).client.stop(id: "04426977-aaaa")
        #expect(job == DevoJob(id: "04426977-aaaa", status: .stopped, lastDatetime: 1_526_846_001_907))
    }

    @Test func aStoppedJobWithErrorsKeepsItsErrors() async throws {
        let body = #"{"status":0,"object":{"status":"STOPPED","id":"j1","eventGenerated":0,"error":["Error In Query: Unknown table `x'"],"type":"email","extra":{"emailsSended":0}}}"#
        let job = try await makeHarness(StubTransport(body: body)).client.job(id: "j1")
        #expect(job.error == ["Error In Query: Unknown table `x'"])
        #expect(job.eventsSent == nil)
        #expect(job.extra == ["emailsSended": .int(0)])
    }

    @Test(arguments: [
        ("CREATED", DevoJobStatus.created), ("RUNNING", .running), ("COMPLETED", .completed), ("STOPPED", .stopped),
        ("RECONNECTING", .reconnecting), ("REMOVED", .removed), ("PAUSED", .paused), ("running", .running),
        ("ARCHIVED", .other("ARCHIVED")),
    ])
    func everyStatusIsReadAndUnknownOnesAreKept(apiValue: String, status: DevoJobStatus) {
        #expect(DevoJobStatus(apiValue: apiValue) == status)
        #expect(DevoJob.decode(.object(["id": .string("j"), "status": .string(apiValue)])).map(\.status) == .success(status))
    }

    @Test func statusPrintsAsDevoSpellsIt() {
        #expect(DevoJobStatus.running.description == "RUNNING")
        #expect(DevoJobStatus.other("Weird").description == "Weird")
    }

    @Test func fieldsOfTheWrongTypeAreTreatedAsAbsent() {
        let value: JSONValue = .object(["id": .string("j"), "status": .string("RUNNING"), "eventsSent": .string("12"),
                                        "eventGenerated": .double(40.0), "error": .string("boom"), "extra": .array([])])
        let job = try? DevoJob.decode(value).get()
        #expect(job == DevoJob(id: "j", status: .running, eventGenerated: 40, error: ["boom"]))
    }

    @Test func aJobWithoutIdOrStatusIsAnInvalidReply() async {
        let noID = await captureError { try await makeHarness(StubTransport(body: #"{"status":0,"object":{"status":"RUNNING"}}"#)).client.job(id: "j") }
        #expect(noID?.description == #"get job j: unreadable reply from Devo (HTTP 200, GET /search/job/j): a job object has no "id" string"#)
        let noStatus = await captureError { try await makeHarness(StubTransport(body: #"{"status":0,"object":{"id":"j"}}"#)).client.job(id: "j") }
        #expect(noStatus?.description.hasSuffix(#"job j has no "status" string"#) == true)
    }

    @Test func theJobListDecodesEachJob() async throws {
        let body = #"{"status":0,"cid":"c1","object":[{"id":"a","status":"RUNNING","friendlyName":"job1"},{"id":"b","status":"COMPLETED"}]}"#
        let jobs = try await makeHarness(StubTransport(body: body)).client.jobs()
        #expect(jobs == [DevoJob(id: "a", status: .running, friendlyName: "job1"), DevoJob(id: "b", status: .completed)])
    }

    @Test func anEmptyOrMissingJobListIsEmpty() async throws {
        #expect(try await makeHarness(StubTransport(body: #"{"status":0,"object":[]}"#)).client.jobs() == [])
        #expect(try await makeHarness(StubTransport(body: #"{"status":0}"#)).client.jobs() == [])
    }

    @Test func aJobListThatIsNotAnArrayIsAnInvalidReply() async {
        let error = await captureError { try await makeHarness(StubTransport(body: #"{"status":0,"object":{"id":"a"}}"#)).client.jobs() }
        #expect(error?.description == #"list jobs: unreadable reply from Devo (HTTP 200, GET /search/jobs): "object" is an object, expected an array of jobs"#)
    }
}

/// A listing keeps every job it can read and names each entry it skipped, and why.
@Suite struct ListingTests {
    @Test func aMalformedEntryIsSkippedAndNamed() async throws {
        let body = #"{"status":0,"object":[{"status":"RUNNING","id":"a"},{"id":"b","eventsSent":3},"junk",{"status":"STOPPED","id":"c"}]}"#
        let harness = makeHarness(StubTransport(body: body))
        let listing = try await harness.client.listing()
        #expect(listing.jobs.map(\.id) == ["a", "c"])
        #expect(listing.skipped == ["entry 2: job b has no \"status\" string", "entry 3: a job is a string, not an object"])
        #expect(try await makeHarness(StubTransport(body: body)).client.jobs().map(\.id) == ["a", "c"])
        #expect(harness.logLines.all.contains { $0.contains("skipped entry 2: job b has no \"status\" string") })
    }
}
