import Foundation
import Testing
@testable import DJSClient

@Suite struct TransportErrorTests {
    @Test func aFailedCertificateCheckIsATLSFailureNotARetryableError() {
        let untrusted = URLError(.unknown, userInfo: [NSLocalizedDescriptionKey: "SSL certificate problem: self-signed certificate"])
        guard case .tlsFailure(let reason) = URLSessionTransport.transportError(for: untrusted) else {
            Issue.record("not a TLS failure"); return
        }
        #expect(reason.hasPrefix("SSL certificate problem"))
        let other = URLError(.unknown, userInfo: [NSLocalizedDescriptionKey: "something else"])
        guard case .other = URLSessionTransport.transportError(for: other) else { Issue.record("misclassified"); return }
    }
}
