import Foundation
import Testing
@testable import DJSClient

@Suite struct PathEncodingTests {
    @Test func matchesFoundationsPercentEncodingOfUnreservedCharacters() {
        var unreserved = CharacterSet()
        unreserved.insert(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let alphabet: [Character] = ["a", "Z", "9", "-", ".", "_", "~", "/", "?", "#", "%", " ", "+", "ñ", "😀", "\u{0}"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let id = String((0..<Int.random(in: 0...10, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            #expect(DevoClient.percentEncodePathSegment(id) == id.addingPercentEncoding(withAllowedCharacters: unreserved))
        }
        #expect(DevoClient.percentEncodePathSegment("0b6f3a5e-9d1c-4e2b-8f7a-1c2d3e4f5a6b") == "0b6f3a5e-9d1c-4e2b-8f7a-1c2d3e4f5a6b")
        #expect(DevoClient.percentEncodePathSegment("a/b c") == "a%2Fb%20c")
    }
}
