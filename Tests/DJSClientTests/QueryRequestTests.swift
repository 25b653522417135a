import Testing
@testable import DJSClient

@Suite struct QueryRequestTests {
    @Test func everyFieldIsWrittenInTheSDKOrder() {
        let request = DevoQueryRequest(
            source: .query("from demo.ecommerce.data select *"), from: 1_530_000_000, to: 1_530_003_600, mode: "json",
            timeZone: "GMT+2", limit: 10, offset: 5,
            destination: DevoDestination(type: .s3, params: ["aws.region": "eu-west-1", "aws.bucket": "b", "compress": true,
                                                              "max": 3, "ratio": 0.5]))
        #expect(text(request.jsonBody()) == #"{"from":1530000000,"to":1530003600,"mode":{"type":"json"},"timeZone":"GMT+2","#
            + #""query":"from demo.ecommerce.data select *","limit":10,"offset":5,"#
            + #""destination":{"type":"s3","params":{"aws.bucket":"b","aws.region":"eu-west-1","compress":true,"max":3,"ratio":0.5}}}"#)
    }

    @Test func unsetFieldsAreLeftOutAndRelativeTimesPassThrough() {
        let request = DevoQueryRequest(source: .queryId("q-123"), from: "1d", to: "now",
                                       destination: DevoDestination(type: .donothing))
        #expect(text(request.jsonBody()) == #"{"from":"1d","to":"now","queryId":"q-123","destination":{"type":"donothing","params":{}}}"#)
    }

    @Test func stringsAreEscapedAndNonASCIIIsRawUTF8() {
        let request = DevoQueryRequest(query: "from t select \"ñ\"\\\n\t\u{1}", from: 0)
        let body = request.jsonBody()
        #expect(text(body) == "{\"from\":0,\"query\":\"from t select \\\"ñ\\\"\\\\\\n\\t\\u0001\"}")
        #expect(body.contains(0xC3) && body.contains(0xB1))
    }

    @Test func bodyParsesBackAsTheSameJSON() throws {
        let request = DevoQueryRequest(query: "a \"quoted\" ünïcode query", from: 1, to: 2,
                                       destination: DevoDestination(type: .email, params: ["email.to": "a@b.c"]))
        let parsed = try JSONValue.parse(request.jsonBody())
        #expect(parsed["query"] == .string("a \"quoted\" ünïcode query"))
        #expect(parsed["destination"]?["params"]?["email.to"] == .string("a@b.c"))
    }

    @Test func validationFindsEmptyQueriesAndNegativeNumbers() {
        #expect(DevoQueryRequest(query: "  ", from: 0).validationProblems() == ["the query is empty"])
        var request = DevoQueryRequest(source: .queryId(""), from: 0, limit: -1, offset: -2)
        request.destination = DevoDestination(type: .kafka, params: ["x": .double(.nan), "topic": "t", "bootstrap.servers": "k:9092"])
        #expect(request.validationProblems() == ["the queryId is empty", "limit must not be negative (got -1)",
                                                 "offset must not be negative (got -2)",
                                                 "destination parameter 'x' is not a finite number"])
        #expect(DevoQueryRequest(query: "from t", from: 0).validationProblems().isEmpty)
    }
}

/// The query body's fields beyond the text: a saved query, paging, time zone, IPs as text,
/// and Devo's audit pragmas as the SDK writes them.
@Suite struct QueryBodyFieldsTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func everyFieldIsWrittenInTheSDKsOrder() {
        let request = DevoQueryRequest(source: .query("from t"), from: "today", to: "endday", timeZone: "GMT+2", limit: 10,
                                       offset: 5, destination: DevoDestination(type: .donothing), ipAsString: true)
        #expect(text(request.jsonBody()) == #"{"from":"today","to":"endday","timeZone":"GMT+2","query":"from t","limit":10,"offset":5,"destination":{"type":"donothing","params":{}},"ipAsString":true}"#)
    }

    @Test func pragmasEndTheQueryTextAndAQueryCommentReplacesTheConfigurationsOne() {
        var request = DevoQueryRequest(query: "from t", from: 1)
        let pragmas = DevoQueryPragmas(application: "djs", user: "ana@example.com", comment: "nightly")
        #expect(text(request.jsonBody(pragmas: pragmas)) == #"{"from":1,"query":"from t pragma comment.id:\"djs\" pragma comment.user:\"ana@example.com\" pragma comment.free:\"nightly\""}"#)
        request.comment = #"say "hi" \ bye"#
        #expect(text(request.jsonBody(pragmas: pragmas)) == #"{"from":1,"query":"from t pragma comment.id:\"djs\" pragma comment.user:\"ana@example.com\" pragma comment.free:\"say \\\"hi\\\" \\\\ bye\""}"#)
        // A saved query has no text to add pragmas to.
        #expect(text(DevoQueryRequest(source: .queryId("q-1"), from: 1).jsonBody(pragmas: pragmas)) == #"{"from":1,"queryId":"q-1"}"#)
    }

    @Test func theUserAndCommentComeFromTheSDKsVariables() throws {
        let resolver = DevoConfigurationResolver(
            flags: DevoConnectionFlags(region: "eu", token: "t"),
            environment: ["DEVO_API_USER": "ana@example.com", "DEVO_API_COMMENT": "from cron"], homeDirectory: "/nonexistent")
        let pragmas = try resolver.resolve().configuration.pragmas
        #expect(pragmas == DevoQueryPragmas(application: "djs", user: "ana@example.com", comment: "from cron"))
        let plain = DevoConfigurationResolver(flags: DevoConnectionFlags(region: "eu", token: "t"), environment: [:],
                                              homeDirectory: "/nonexistent")
        #expect(try plain.resolve().configuration.pragmas.text == #" pragma comment.id:"djs" pragma comment.user:"djs-user""#)
    }
}
