import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import DJSClient

/// The client names HTTP statuses itself (so that djs does not link FoundationNetworking); its
/// error messages read as they did when Foundation named them.
@Suite struct HTTPStatusTextTests {
    @Test func everyCodeReadsAsFoundationReadsIt() {
        for status in 0...1_000 {
            #expect(HTTPStatusText.reasonPhrase(status) == HTTPURLResponse.localizedString(forStatusCode: status),
                    "HTTP \(status)")
        }
    }

    @Test func unnamedCodesReadAsTheirClass() {
        #expect(HTTPStatusText.reasonPhrase(502) == "Bad Gateway")
        #expect(HTTPStatusText.reasonPhrase(499) == "Client Error")
        #expect(HTTPStatusText.reasonPhrase(599) == "Server Error")
        #expect(HTTPStatusText.reasonPhrase(42) == "Server Error")
    }
}
