import Testing
import DevoAuth

/// Reference signatures V1-V7 computed with the official Python SDK's own signing code
/// (apiKey "my api key", apiSecret "my secret").
@Suite struct DevoSignatureTests {
    static let v5Body = #"{"from": 1530000000, "to": 1530003600, "mode": {"type": "json"}, "query": "from demo.ecommerce.data select * pragma comment.id:\"python-sdk-app\" pragma comment.user:\"python-sdk-user\"", "destination": {"type": "donothing", "params": {"friendlyName": "job1"}}}"#

    static let vectors: [(name: String, timestamp: String, body: String, sign: String)] = [
        ("V1", "1530010004072", "", "689cf1456a12323e1085f5623801b10e753b88db3848613780b41df9f119abff"),
        ("V2", "1530010004072",
         #"{"query": "from siem.logtrust.web.activity select *", "from": 1530000000, "to": 1530003600, "mode": {"type": "json"}}"#,
         "e4fbe266153cc6b4311da09f96a40058c83233ff3b79170875690265ffea2e5f"),
        ("V3", "1530010004072",
         #"{"query":"from demo.ecommerce.data select *","from":1530000000,"to":1530003600,"destination":{"type":"s3","params":{"aws.bucket":"b","aws.region":"eu-west-1"}},"mode":{"type":"json"}}"#,
         "9ba25d83223af5584dc98b6a5df5dc2d7abd0eebc00084e62b5700c0db6e239e"),
        ("V4", "1530010004000", "", "3192f63b99d694fd4f5cd277a8cd92b34832a52f0dab88b350457f51c0bbf319"),
        ("V5", "1530010004000", v5Body, "f93c6c8207969d9a3301b0bf61a45ecebbdaad9a574222f10fb997c6fa0e6a15"),
        ("V6", "1530010004072", #"{"query": "from t select \"\u00f1\""}"#,
         "3e612a1c9e403ce11e08d20c7bc9f8d37bc9003674f0629f9ee8c7a1cd5a6f4e"),
        ("V7", "1530010004072", "{\"query\": \"from t select \\\"\u{00F1}\\\"\"}",
         "caffc4dcbaf0d5dc7ea8752f675fde02e64f7300fad2d5e4de935569d2a77d0e"),
    ]

    @Test(arguments: 0..<vectors.count)
    func referenceVector(index: Int) {
        let vector = DevoSignatureTests.vectors[index]
        let sign = DevoSignature.sign(apiKey: "my api key", apiSecret: "my secret",
                                      body: Array(vector.body.utf8), timestamp: vector.timestamp)
        #expect(sign == vector.sign, "\(vector.name)")
    }

    @Test func v5BodyIsTheSDKs261Bytes() {
        #expect(DevoSignatureTests.v5Body.utf8.count == 261)
    }

    @Test func v7CarriesRawUTF8() {
        #expect(Array(DevoSignatureTests.vectors[6].body.utf8).contains(0xC3))
    }

    @Test func constantTimeEquality() {
        #expect(DevoSignature.constantTimeEquals("abc", "abc"))
        #expect(!DevoSignature.constantTimeEquals("abc", "abd"))
        #expect(!DevoSignature.constantTimeEquals("abc", "abcd"))
    }
}
