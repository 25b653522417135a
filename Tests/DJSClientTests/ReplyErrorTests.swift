import Testing
@testable import DJSClient

/// Every error body of devo-api.md §6, and the failure modes around them, through the client.
@Suite struct ReplyErrorTests {
    /// Sends `job(id: "j1")` with retries off and returns the error.
    private func jobError(status: Int, body: String, headers: [String: String] = [:]) async -> DevoError? {
        let harness = makeHarness(StubTransport(status: status, body: body, headers: headers), retries: 0)
        return await captureError { try await harness.client.job(id: "j1") }
    }

    private func launchError(status: Int, body: String) async -> DevoError? {
        let harness = makeHarness(StubTransport(status: status, body: body), retries: 0)
        let request = DevoQueryRequest(query: "from t", from: 0, destination: DevoDestination(type: .donothing))
        return await captureError { try await harness.client.launch(request) }
    }

    @Test func jobNotFoundInsideAnHTTP200Body() async {
        let error = await jobError(status: 200, body: #"{"msg":"Task not found","status":100,"timestamp":1611837630099,"cid":"6b32d3805a82"}"#)
        guard case .jobNotFound(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.code == 100)
        #expect(details.cid == "6b32d3805a82")
        #expect(details.context.jobID == "j1")
        #expect(error?.description == "get job j1: job j1 not found: Task not found (code 100, HTTP 200, cid 6b32d3805a82)")
    }

    @Test func jobNotFoundAsHTTP404WithOrWithoutABody() async {
        let withBody = await jobError(status: 404, body: #"{"msg":"Task not found","status":100,"cid":"c"}"#)
        #expect(withBody?.description == "get job j1: job j1 not found: Task not found (code 100, HTTP 404, cid c)")
        let bare = await jobError(status: 404, body: "")
        #expect(bare?.description == "get job j1: job j1 not found: Not Found (HTTP 404)")
    }

    @Test func illegalStateChanges() async {
        let stop = await jobError(status: 200, body: #"{"msg":"Cannot stop task a non running task","status":108,"cid":"c8"}"#)
        #expect(stop?.description == "get job j1: not allowed in the job's current state: Cannot stop task a non running task (code 108, HTTP 200, cid c8)")
        let change = await jobError(status: 400, body: #"{"msg":"Cannot change the status of task","status":101}"#)
        guard case .illegalStateChange(let details)? = change else { Issue.record("got \(String(describing: change))"); return }
        #expect(details.code == 101 && details.httpStatus == 400)
    }

    @Test func startFailureUsesTheCodeField() async {
        let error = await jobError(status: 200, body: #"{"msg":"Unable to Start Task: Task Key Duplicate: test_error","code":500,"timestamp":1,"cid":"x1"}"#)
        guard case .server(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.code == 500)
        #expect(error?.description == "get job j1: Devo reported an error: Unable to Start Task: Task Key Duplicate: test_error (code 500, HTTP 200, cid x1)")
    }

    @Test func badSignatureInAnHTTP200BodyIsAnAuthenticationError() async {
        let error = await jobError(status: 200, body: #"{"error":{"code":12,"message":"Invalid signature validation"}}"#)
        guard case .authentication(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.message == "Invalid signature validation")
        #expect(details.code == 12)
        #expect(error?.description.hasPrefix("get job j1: Devo rejected the credentials: Invalid signature validation (code 12, HTTP 200). Check the API key") == true)
    }

    @Test func http401IsAnAuthenticationErrorWhateverTheBody() async {
        let generic = await jobError(status: 401, body: #"{"error":{"code":401,"message":"Unauthorized"}}"#)
        guard case .authentication(let details)? = generic else { Issue.record("got \(String(describing: generic))"); return }
        #expect(details.message == "Unauthorized" && details.httpStatus == 401)
        let empty = await jobError(status: 401, body: "")
        guard case .authentication? = empty else { Issue.record("got \(String(describing: empty))"); return }
    }

    @Test func queryErrorWithAnObjectArrayKeepsTheDetail() async {
        let error = await launchError(status: 500, body: #"{"msg":"Error Launching Query","status":500,"timestamp":1,"cid":"q5","object":["Error Launching Query","Unknown table: foo"]}"#)
        guard case .server(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.details == ["Unknown table: foo"])
        #expect(error?.description == "launch query: Devo reported an error: Error Launching Query: Unknown table: foo (code 500, HTTP 500, cid q5)")
    }

    @Test func errorStringWithStatus() async {
        let error = await launchError(status: 500, body: #"{"timestamp":1,"cid":"s5","error":"server_error","status":500}"#)
        #expect(error?.description == "launch query: Devo reported an error: server_error (code 500, HTTP 500, cid s5)")
    }

    @Test func tableNotFoundWithContext() async {
        let error = await launchError(status: 500, body: #"{"msg":"The table TABLE is not found in the domain DOMAIN","code":624,"timestamp":1,"cid":"t6","context":{"a":1}}"#)
        #expect(error?.serverError?.code == 624)
        #expect(error?.serverError?.message == "The table TABLE is not found in the domain DOMAIN")
    }

    @Test func forbiddenTable() async {
        let error = await launchError(status: 403, body: #"{"error":"Access not allowed for table 'siem.x'","status":403,"timestamp":1,"cid":"f3"}"#)
        #expect(error?.description == "launch query: Devo reported an error: Access not allowed for table 'siem.x' (code 403, HTTP 403, cid f3)")
    }

    @Test(arguments: [200, 205, 212, 213, 226])
    func destinationValidationCodes(code: Int) async {
        let error = await launchError(status: 400, body: #"{"msg":"bad destination","status":\#(code),"cid":"d"}"#)
        guard case .destinationValidation(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.code == code)
        #expect(error?.description.hasPrefix("launch query: the destination was rejected: bad destination") == true)
    }

    @Test func successFalseIsAnError() async {
        let error = await jobError(status: 200, body: #"{"success":false,"msg":"nope"}"#)
        #expect(error?.description == "get job j1: Devo reported an error: nope (HTTP 200)")
    }

    @Test func nonJSONAndTruncatedBodies() async {
        let html = await jobError(status: 200, body: "<html>\n<body>maintenance</body></html>")
        #expect(html?.description == "get job j1: unreadable reply from Devo (HTTP 200, GET /search/job/j1): the body is not JSON (38 bytes: <html> <body>maintenance</body></html>)")
        let truncated = await jobError(status: 200, body: #"{"status":0,"object":{"id":"j1","sta"#)
        #expect(truncated?.description.contains("the JSON is malformed or truncated") == true)
        let empty = await jobError(status: 200, body: "")
        #expect(empty?.description.hasSuffix("the body is empty") == true)
        let array = await jobError(status: 200, body: "[1]")
        #expect(array?.description.hasSuffix("expected a JSON object, got an array") == true)
    }

    @Test func aProxyErrorPageIsAServerErrorWithItsText() async {
        let error = await jobError(status: 502, body: "<h1>Bad Gateway</h1>")
        guard case .server(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.httpStatus == 502 && details.code == nil)
        #expect(error?.description == "get job j1: Devo reported an error: Bad Gateway: <h1>Bad Gateway</h1> (HTTP 502)")
    }

    @Test func rateLimitedCarriesRetryAfter() async {
        let error = await jobError(status: 429, body: #"{"msg":"slow down"}"#, headers: ["Retry-After": "7"])
        guard case .rateLimited(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(details.retryAfter == 7)
        #expect(error?.description == "get job j1: Devo is limiting the request rate: slow down (HTTP 429)")
    }

    @Test func launchReplyGivesTheJobID() async throws {
        let harness = makeHarness(StubTransport(body: #"{"msg": "", "status": 0, "object": {"id": "193507c8-93df-405f-bdf7-acf1a91890e2"}}"#))
        let request = DevoQueryRequest(query: "from t", from: 0, destination: DevoDestination(type: .s3))
        #expect(try await harness.client.launch(request) == "193507c8-93df-405f-bdf7-acf1a91890e2")
    }

    @Test func redisLaunchReplyWithExtraMembersGivesTheJobID() async throws {
        let harness = makeHarness(StubTransport(body: #"{"msg":"","status":0,"cid":"r1","timestamp":1,"object":{"id":"abc","redisKeyBase":"self#0f3a"}}"#))
        let request = DevoQueryRequest(query: "from t", from: 0, destination: DevoDestination(type: .redis, params: [
            "friendlyName": "r", "expireIn": 60, "keyFields": .list([.object(["name": "a", "type": "str"])])]))
        #expect(try await harness.client.launch(request) == "abc")
    }

    @Test func launchReplyWithoutAnIDIsAnInvalidReply() async {
        let error = await launchError(status: 200, body: #"{"status":0,"object":{}}"#)
        #expect(error?.description == "launch query: unreadable reply from Devo (HTTP 200, POST /search/query): the reply has no job id at object.id; the query may have been launched anyway: look for the job with jobs() before launching it again")
    }
}
