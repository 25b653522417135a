import Foundation
import Testing
@testable import DJSClient

/// Secrets must never show up in errors, logs or printed values, whatever goes wrong.
@Suite struct SecretLeakTests {
    static let credentials: [DevoCredentials] = [
        .keySecret(key: "KEY-mm21-DO-NOT-LEAK", secret: Fixture.distinctiveSecret),
        .token(Fixture.distinctiveToken),
        .jwt(Fixture.distinctiveJWT),
    ]

    static let failures: [StubTransport.Reply] = [
        .response(HTTPResponse(statusCode: 401, body: #"{"error":{"code":401,"message":"Unauthorized"}}"#)),
        .response(HTTPResponse(statusCode: 200, body: #"{"error":{"code":12,"message":"Invalid signature validation"}}"#)),
        .response(HTTPResponse(statusCode: 503, body: "<html>down</html>")),
        .response(HTTPResponse(statusCode: 200, body: "{truncated")),
        .failure(.timedOut),
        .failure(.cannotConnect("Connection refused")),
        .failure(.tlsFailure("bad certificate")),
    ]

    @Test(arguments: credentials)
    func errorsLogsAndDumpsNeverContainSecrets(credentials: DevoCredentials) async {
        var rendered: [String] = []
        for failure in Self.failures {
            let harness = makeHarness(StubTransport([failure]), credentials: credentials, retries: 2)
            let launch = DevoQueryRequest(query: "q", from: 1, destination: DevoDestination(type: .donothing))
            for error in [await captureError { try await harness.client.perform(.read, id: "j") },
                          await captureError { try await harness.client.launch(launch) }] {
                guard let error else { Issue.record("expected an error for \(failure)"); continue }
                var dumped = ""
                dump(error, to: &dumped)
                rendered += [error.description, String(reflecting: error), dumped]
            }
            var dumpedClient = ""
            dump(harness.client, to: &dumpedClient)
            rendered += harness.logLines.all + [dumpedClient] + harness.transport.requests.map(\.description)
        }
        #expect(rendered.count > 50)
        for text in rendered {
            #expect(!text.contains("DO-NOT-LEAK"), "leaked in: \(text)")
        }
    }
}
