import Testing
@testable import DJSClient

/// Devo's destination rules (its s3, email and redis destination documents), checked before
/// anything is sent: a request Devo would refuse never leaves, and the error names the rule
/// and Devo's code.
@Suite struct DestinationRulesTests {
    private func codes(_ type: DevoDestinationType, _ params: [String: DevoParameterValue]) -> [Int?] {
        DestinationRules.problems(DevoDestination(type: type, params: params)).map(\.code)
    }

    private let keys: [String: DevoParameterValue] = [
        "aws.bucket": "b", "aws.region": "eu-west-1", "aws.accesskey": "AK", "aws.secretkey": "SK",
    ]

    @Test func s3TakesAllFourAWSParametersOrNone() {
        #expect(codes(.s3, [:]) == [])                       // Devo's temporary account
        #expect(codes(.s3, keys) == [])
        #expect(codes(.s3, ["aws.bucket": "b", "aws.region": "eu-west-1"]) == [205])
        #expect(codes(.s3, ["aws.accesskey": "AK"]) == [205])
        let message = DestinationRules.problems(DevoDestination(type: .s3, params: ["aws.bucket": "b", "aws.region": "r"]))
            .first?.description
        #expect(message == "s3 destination: aws.bucket, aws.region given without aws.accesskey, aws.secretkey; Devo needs "
            + "all four aws.* parameters, or none for its temporary account (Devo code 205)")
    }

    @Test func s3ParametersAreNonEmptyText() {
        var params = keys
        params["aws.bucket"] = ""
        #expect(codes(.s3, params) == [206])
        params = keys
        params["aws.accesskey"] = 7
        #expect(codes(.s3, params) == [207])
        params = keys
        params["aws.secretkey"] = " "
        #expect(codes(.s3, params) == [208])
        params = keys
        params["aws.region"] = .bool(true)
        #expect(codes(.s3, params) == [209])
    }

    @Test func s3FormatIsZipOrGzipAndAPasswordOnlyWithZip() {
        #expect(codes(.s3, ["format": "zip"]) == [])
        #expect(codes(.s3, ["format": "gzip"]) == [])
        #expect(codes(.s3, ["format": "jsonl"]) == [210])
        #expect(codes(.s3, ["format": "zip", "file.password": "pw"]) == [])
        #expect(codes(.s3, ["file.password": "pw"]) == [])          // zip is the default
        #expect(codes(.s3, ["format": "gzip", "file.password": "pw"]) == [211])
        #expect(codes(.s3, ["file.password": ""]) == [212])
    }

    @Test func emailNeedsAnAddressAndChecksItsOptions() {
        #expect(codes(.email, [:]) == [216])
        #expect(codes(.email, ["email.to": "ops"]) == [217])
        #expect(codes(.email, ["email.to": "ops@example.com"]) == [])
        #expect(codes(.email, ["email.to": "ops@example.com", "email.subject": 3]) == [213])
        #expect(codes(.email, ["email.to": "ops@example.com", "format": "tar"]) == [215])
        #expect(codes(.email, ["email.to": "ops@example.com", "format": "gzip", "file.password": "p"]) == [214])
        #expect(codes(.email, ["email.to": "ops@example.com", "file.password": ""]) == [221])
        #expect(codes(.email, ["email.to": "ops@example.com", "retention.size": 0]) == [219])
        #expect(codes(.email, ["email.to": "ops@example.com", "retention.time": "soon"]) == [220])
        #expect(codes(.email, ["email.to": "ops@example.com", "retention.size": 5120, "retention.time": 900]) == [])
    }

    @Test func redisNeedsANameAnExpiryAndKeyFieldObjects() {
        let field: DevoParameterValue = .object(["name": "srcIp", "type": "str"])
        let good: [String: DevoParameterValue] = ["friendlyName": "lookup", "expireIn": 600, "keyFields": .list([field])]
        #expect(codes(.redis, good) == [])
        var params = good
        params["expireIn"] = nil
        #expect(DestinationRules.problems(DevoDestination(type: .redis, params: params)).map(\.description)
            == ["redis destination: expireIn is required"])
        params = good
        params["keyFields"] = "srcIp,dstIp"                    // what djs used to send
        #expect(codes(.redis, params).count == 1)
        params["keyFields"] = .list([])
        #expect(codes(.redis, params).count == 1)
        params["keyFields"] = .list([.object(["name": "srcIp"])])
        #expect(codes(.redis, params).count == 1)
        params = good
        params["valueFields"] = .list([field, "bytes"])
        #expect(codes(.redis, params).count == 1)
        params = good
        params["description"] = .string(String(repeating: "d", count: 241))
        #expect(codes(.redis, params).count == 1)
    }

    @Test func kafkaAndHdfsNeedTheirTargets() {
        #expect(codes(.kafka, ["topic": "t"]).count == 1)
        #expect(codes(.kafka, ["topic": "t", "bootstrap.servers": "k1:9092,k2:9092"]) == [])
        #expect(codes(.hdfs, ["file": "/data/x"]).count == 1)
        #expect(codes(.hdfs, ["fs.defaultFS": "hdfs://nn:8020", "file": "/data/x"]) == [])
        #expect(codes(.donothing, [:]) == [])
        // A type Devo adds later is sent as it is.
        #expect(codes(DevoDestinationType(rawValue: "snmp"), ["anything": 1]) == [])
    }

    @Test func aRefusedDestinationIsNeverSent() async throws {
        let harness = makeHarness(StubTransport(body: #"{"status":0,"object":{"id":"x"}}"#))
        let request = DevoQueryRequest(query: "from t", from: 0,
                                       destination: DevoDestination(type: .s3, params: ["aws.bucket": "b", "format": "jsonl"]))
        do {
            _ = try await harness.client.launch(request)
            Issue.record("a destination Devo refuses was launched")
        } catch {
            #expect(error.description.contains("(Devo code 205)"))
            #expect(error.description.contains("(Devo code 210)"))
        }
        #expect(harness.transport.requests.isEmpty)
    }
}
