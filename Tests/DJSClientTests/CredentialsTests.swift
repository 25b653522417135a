import Foundation
import Testing
@testable import DJSClient

@Suite struct CredentialsTests {
    @Test func precedenceIsKeySecretThenTokenThenJWT() {
        #expect(DevoCredentials.preferred(key: "k", secret: "s", token: "t", jwt: "j") == .keySecret(key: "k", secret: "s"))
        #expect(DevoCredentials.preferred(key: nil, secret: nil, token: "t", jwt: "j") == .token("t"))
        #expect(DevoCredentials.preferred(key: nil, secret: nil, token: nil, jwt: "j") == .jwt("j"))
        #expect(DevoCredentials.preferred(key: nil, secret: nil, token: nil, jwt: nil) == nil)
    }

    @Test func halfAKeyPairFallsThroughToTokenLikeTheSDK() {
        #expect(DevoCredentials.preferred(key: "k", secret: nil, token: "t", jwt: nil) == .token("t"))
        #expect(DevoCredentials.preferred(key: "k", secret: "", token: nil, jwt: "j") == .jwt("j"))
    }

    @Test func keySecretHeadersSignTheEmptyBodyLikeVectorV1() {
        let headers = RequestSigner.headers(for: .keySecret(key: Fixture.key, secret: Fixture.secret), body: [],
                                            timestampMillis: 1_530_010_004_072)
        #expect(headers == [
            "Content-Type": "application/json",
            "x-logtrust-apikey": "my api key",
            "x-logtrust-timestamp": "1530010004072",
            "x-logtrust-sign": "689cf1456a12323e1085f5623801b10e753b88db3848613780b41df9f119abff",
        ])
    }

    @Test func keySecretHeadersSignTheBodyBytesLikeVectorV7() {
        let body = Array(#"{"query": "from t select \"ñ\""}"#.utf8)
        let headers = RequestSigner.headers(for: .keySecret(key: Fixture.key, secret: Fixture.secret), body: body,
                                            timestampMillis: 1_530_010_004_072)
        #expect(headers["x-logtrust-sign"] == "caffc4dcbaf0d5dc7ea8752f675fde02e64f7300fad2d5e4de935569d2a77d0e")
    }

    @Test func tokenAndJWTUseTheAuthorizationHeader() {
        let token = RequestSigner.headers(for: .token("abc"), body: [], timestampMillis: 5)
        #expect(token == ["Content-Type": "application/json", "x-logtrust-timestamp": "5", "Authorization": "Bearer abc"])
        let jwt = RequestSigner.headers(for: .jwt("e.y.j"), body: [], timestampMillis: 5)
        #expect(jwt == ["Content-Type": "application/json", "x-logtrust-timestamp": "5", "Authorization": "jwt e.y.j"])
    }

    @Test func printingCredentialsNeverShowsTheSecret() {
        let all: [DevoCredentials] = [
            .keySecret(key: "my-api-key-123", secret: Fixture.distinctiveSecret),
            .token(Fixture.distinctiveToken), .jwt(Fixture.distinctiveJWT),
        ]
        for credentials in all {
            var dumped = ""
            dump(credentials, to: &dumped)
            let renderings = [credentials.description, credentials.debugDescription, "\(credentials)",
                              String(reflecting: credentials), dumped]
            for rendering in renderings {
                #expect(!rendering.contains("DO-NOT-LEAK"), "leaked in: \(rendering)")
            }
        }
        #expect(DevoCredentials.keySecret(key: "my-api-key-123", secret: "x").description == "key+secret(key=my…3)")
        #expect(DevoCredentials.token("t").description == "token(<redacted>)")
        #expect(DevoCredentials.jwt("t").description == "jwt(<redacted>)")
    }

    @Test func shortKeysAreHiddenCompletely() {
        #expect(DevoCredentials.keySecret(key: "abc", secret: "x").description == "key+secret(key=…)")
    }

    @Test func printingFlagsConfigurationAndRequestsNeverShowsSecrets() {
        let flags = DevoConnectionFlags(key: "my-api-key-123", secret: Fixture.distinctiveSecret,
                                        token: Fixture.distinctiveToken, jwt: Fixture.distinctiveJWT)
        let configuration = DevoClientConfiguration(endpoint: DevoEndpoint(region: .eu), credentials: .token(Fixture.distinctiveToken))
        let request = HTTPRequest(method: "GET", url: URL(string: "https://x/search/jobs")!,
                                  headers: ["Authorization": "Bearer \(Fixture.distinctiveToken)"], timeout: 1)
        var renderings: [String] = []
        for value in [flags as Any, configuration as Any, request as Any] {
            var dumped = ""
            dump(value, to: &dumped)
            renderings += [String(describing: value), String(reflecting: value), dumped]
        }
        for rendering in renderings {
            #expect(!rendering.contains("DO-NOT-LEAK"), "leaked in: \(rendering)")
        }
        #expect(flags.description.contains("secret: <redacted>"))
        #expect(request.description.contains("Authorization: <redacted>"))
    }
}
