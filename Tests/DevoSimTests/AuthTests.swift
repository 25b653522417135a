import DevoAuth
import Foundation
import Testing
@testable import DevoSim

/// Authorization as Devo does it (devo-api.md §2-§3), over real HTTP.
@Suite struct AuthTests {
    static let invalidSignatureBody = #"{"error":{"code":12,"message":"Invalid signature validation"}}"#

    @Test func signedEmptyBodyGetIsAccepted() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let response = try sim.get("/search/jobs")
        #expect(response.status == 200)
        #expect(response.object?["status"] as? Int == 0)
        #expect(response.object?["object"] as? [Any] != nil)
        #expect(sim.simulator.requestLog().last?.authScheme == .hmac)
    }

    /// V1 and V4 of devo-api.md: the exact signatures the SDK sends for a job GET verify
    /// when the clock is at their timestamps; one changed digit does not.
    @Test(arguments: [("1530010004072", "689cf1456a12323e1085f5623801b10e753b88db3848613780b41df9f119abff"),
                      ("1530010004000", "3192f63b99d694fd4f5cd277a8cd92b34832a52f0dab88b350457f51c0bbf319")])
    func referenceVectorsVerify(timestamp: String, sign: String) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        sim.clock?.set(milliseconds: 1_530_010_004_500)
        let headers = [("x-logtrust-apikey", "my api key"), ("x-logtrust-timestamp", timestamp), ("x-logtrust-sign", sign)]
        let accepted = try sim.request("GET", "/search/jobs", auth: .none, headers: headers)
        #expect(accepted.status == 200)
        var tampered = Array(sign.utf8)
        tampered[0] = tampered[0] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let rejected = try sim.request("GET", "/search/jobs", auth: .none,
                                       headers: [headers[0], headers[1], ("x-logtrust-sign", String(decoding: tampered, as: UTF8.self))])
        #expect(rejected.status == 401)
        #expect(rejected.text == Self.invalidSignatureBody)
    }

    /// V5: the SDK's real POST body and signature create a job.
    @Test func sdkPostVectorV5CreatesAJob() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        sim.clock?.set(milliseconds: 1_530_010_004_072)
        let body = #"{"from": 1530000000, "to": 1530003600, "mode": {"type": "json"}, "query": "from demo.ecommerce.data select * pragma comment.id:\"python-sdk-app\" pragma comment.user:\"python-sdk-user\"", "destination": {"type": "donothing", "params": {"friendlyName": "job1"}}}"#
        let headers = [("x-logtrust-apikey", "my api key"), ("x-logtrust-timestamp", "1530010004000"),
                       ("x-logtrust-sign", "f93c6c8207969d9a3301b0bf61a45ecebbdaad9a574222f10fb997c6fa0e6a15")]
        let response = try sim.request("POST", "/search/query", body: Array(body.utf8), auth: .none, headers: headers)
        #expect(response.status == 200)
        #expect(response.object?["msg"] as? String == "")
        let id = try #require((response.object?["object"] as? [String: Any])?["id"] as? String)
        let job = try #require(sim.simulator.job(id: id))
        #expect(job.friendlyName == "job1")
        #expect(job.table == "demo.ecommerce.data")
    }

    /// V2 and V3 (both POST bodies) verify too; V2 has no destination, V3 one.
    @Test func postVectorsV2AndV3Verify() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        sim.clock?.set(milliseconds: 1_530_010_004_072)
        let v2 = #"{"query": "from siem.logtrust.web.activity select *", "from": 1530000000, "to": 1530003600, "mode": {"type": "json"}}"#
        let v3 = #"{"query":"from demo.ecommerce.data select *","from":1530000000,"to":1530003600,"destination":{"type":"s3","params":{"aws.bucket":"b","aws.region":"eu-west-1"}},"mode":{"type":"json"}}"#
        func headers(_ sign: String) -> [(String, String)] {
            [("x-logtrust-apikey", "my api key"), ("x-logtrust-timestamp", "1530010004072"), ("x-logtrust-sign", sign)]
        }
        let inline = try sim.request("POST", "/search/query", body: Array(v2.utf8), auth: .none,
                                     headers: headers("e4fbe266153cc6b4311da09f96a40058c83233ff3b79170875690265ffea2e5f"))
        #expect(inline.status == 400)   // authorized; inline results are not simulated
        #expect((inline.object?["msg"] as? String)?.contains("destination") == true)
        let job = try sim.request("POST", "/search/query", body: Array(v3.utf8), auth: .none,
                                  headers: headers("9ba25d83223af5584dc98b6a5df5dc2d7abd0eebc00084e62b5700c0db6e239e"))
        // Authorized (not 401); the vector's s3 destination has a bucket and a region without
        // the keys, which Devo refuses with code 205 (all four aws.* or none).
        #expect(job.status == 400)
        #expect(job.object?["status"] as? Int == 205)
    }

    /// V6/V7: the signature covers bytes; the raw UTF-8 body and the \u-escaped body are
    /// different bodies with different signatures, and each verifies only with its own.
    @Test func nonASCIIBodiesVerifyOverRawBytes() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        sim.clock?.set(milliseconds: 1_530_010_004_072)
        let escaped = Array(#"{"query": "from t select \"\u00f1\""}"#.utf8)
        let raw = Array("{\"query\": \"from t select \\\"\u{00F1}\\\"\"}".utf8)
        #expect(raw.contains(0xC3) && raw.contains(0xB1))
        let cases: [([UInt8], String)] = [
            (escaped, "3e612a1c9e403ce11e08d20c7bc9f8d37bc9003674f0629f9ee8c7a1cd5a6f4e"),
            (raw, "caffc4dcbaf0d5dc7ea8752f675fde02e64f7300fad2d5e4de935569d2a77d0e"),
        ]
        for (body, sign) in cases {
            let headers = [("x-logtrust-apikey", "my api key"), ("x-logtrust-timestamp", "1530010004072"), ("x-logtrust-sign", sign)]
            // Signature accepted → the request reaches validation (no `from`: 400, not 401).
            let response = try sim.request("POST", "/search/query", body: body, auth: .none, headers: headers)
            #expect(response.status == 400)
            #expect(response.object?["status"] as? Int == 1)
        }
        let swapped = [("x-logtrust-apikey", "my api key"), ("x-logtrust-timestamp", "1530010004072"), ("x-logtrust-sign", cases[0].1)]
        #expect(try sim.request("POST", "/search/query", body: raw, auth: .none, headers: swapped).status == 401)
    }

    @Test func nonASCIIQueryBecomesAJobWithTheSameText() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let body = #"{"from":1530000000,"to":1530003600,"query":"from demo.ecommerce.data where city = \"Logroño\" select *","destination":{"type":"donothing","params":{"friendlyName":"año"}}}"#
        let response = try sim.post(body)
        #expect(response.status == 200)
        let id = try #require((response.object?["object"] as? [String: Any])?["id"] as? String)
        let job = try sim.jobObject(id)
        #expect(job["friendlyName"] as? String == "año")
        #expect((job["query"] as? String)?.contains("Logroño") == true)
    }

    @Test func staleAndFutureTimestampsAreRejected() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let now = sim.now
        #expect(try sim.get("/search/jobs", auth: .hmac(timestamp: String(now - 299_000))).status == 200)
        #expect(try sim.get("/search/jobs", auth: .hmac(timestamp: String(now + 299_000))).status == 200)
        for stale in [now - 301_000, now + 301_000] {
            let response = try sim.get("/search/jobs", auth: .hmac(timestamp: String(stale)))
            #expect(response.status == 401)
            #expect(response.text == Self.invalidSignatureBody)
        }
        #expect(try sim.get("/search/jobs", auth: .hmac(timestamp: "soon")).status == 401)
    }

    @Test func wrongKeyWrongSecretAndMissingAuthAreRejected() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        for auth in [TestAuth.hmac(key: "other key"), .hmac(secret: "other secret"), .none,
                     .bearer("wrong"), .jwt("wrong"), .authorization(TestCredentials.token)] {
            let response = try sim.get("/search/jobs", auth: auth)
            #expect(response.status == 401, "\(auth)")
            #expect(response.text == Self.invalidSignatureBody)
        }
        // A signature over a different body than the one sent.
        let body = Array(#"{"query":"from demo.ecommerce.data select *","from":1}"#.utf8)
        let headers = sim.authHeaders(.hmac(), body: Array("{}".utf8))
        #expect(try sim.request("POST", "/search/query", body: body, auth: .none, headers: headers).status == 401)
        // Missing signature header.
        let partial = Array(sim.authHeaders(.hmac(), body: []).prefix(2))
        #expect(try sim.request("GET", "/search/jobs", auth: .none, headers: partial).status == 401)
    }

    @Test func bearerAndJwtTokensAreAccepted() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        #expect(try sim.get("/search/jobs", auth: .bearer()).status == 200)
        #expect(try sim.get("/search/jobs", auth: .authorization("bearer \(TestCredentials.token)")).status == 200)
        #expect(try sim.get("/search/jobs", auth: .jwt()).status == 200)
        // The token of one scheme is not valid for the other.
        #expect(try sim.get("/search/jobs", auth: .jwt(TestCredentials.token)).status == 401)
        let schemes = sim.simulator.requestLog().map { $0.authScheme }
        #expect(schemes == [.bearer, .bearer, .jwt, .jwt])
    }

    @Test func bareTokenOnlyWhenEnabled() throws {
        let strict = try SimHarness()
        defer { strict.stop() }
        #expect(try strict.get("/search/jobs", auth: .authorization(TestCredentials.token)).status == 401)
        let lenient = try SimHarness(acceptBareToken: true)
        defer { lenient.stop() }
        #expect(try lenient.get("/search/jobs", auth: .authorization(TestCredentials.token)).status == 200)
        #expect(lenient.simulator.requestLog().last?.authScheme == .bareToken)
    }

    @Test func requestLogHoldsNoSecrets() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        _ = try sim.get("/search/jobs")
        _ = try sim.get("/search/jobs", auth: .bearer())
        _ = try sim.get("/search/jobs", auth: .jwt("wrong"))
        let text = sim.simulator.requestLog().map(\.description).joined(separator: "\n")
        for secret in [TestCredentials.secret, TestCredentials.token, TestCredentials.jwt, "wrong"] {
            #expect(!text.contains(secret))
        }
        #expect(text.contains("GET /search/jobs 200 auth=hmac"))
    }
}
