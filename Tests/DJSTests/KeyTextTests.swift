@testable import DJS
import Testing

/// Hashing, equality and ordering by bytes agree with Swift's operators on strings.
@Suite struct KeyTextTests {
    static let samples = ["", "a", "b", "A", "ab", "a\0", "abcdefgh", "abcdefghi", "abcdefgg", "job-10", "job-9",
                          "caf\u{e9}", "cafe\u{301}", "K", "\u{212a}", "\u{e1}", "a\u{301}", "\u{1F600}", "\u{0}", "z\u{301}",
                          "host-123/RUNNING", "host-123/RUNNINH", "a\r\nb", "\u{41}\u{30a}", "\u{c5}"]

    @Test func equalTextHashesAlikeAndCompareAgreesWithSwift() {
        for a in KeyTextTests.samples {
            for b in KeyTextTests.samples {
                #expect(KeyText.equal(a, b) == (a == b), "\(a.debugDescription) == \(b.debugDescription)")
                let swiftOrder = a < b ? -1 : (a == b ? 0 : 1)
                #expect(KeyText.compare(a, b) == swiftOrder, "\(a.debugDescription) vs \(b.debugDescription)")
                if a == b { #expect(KeyText.hash(a) == KeyText.hash(b), "\(a.debugDescription) and \(b.debugDescription)") }
            }
        }
    }

    @Test func differentTextUsuallyHashesDifferently() {
        let hashes = Set((0..<10_000).map { KeyText.hash("host-\($0)/RUNNING") })
        #expect(hashes.count == 10_000)
    }

    @Test func asciiChecks() {
        func check(_ text: String) -> (Bool, Bool) {
            text.utf8.withContiguousStorageIfAvailable { (KeyText.isASCII($0), KeyText.isASCIIWithoutReturn($0)) } ?? (false, false)
        }
        #expect(check("plain text, longer than a word") == (true, true))
        #expect(check("line\r\n") == (true, false))
        #expect(check("sixteen bytes \r.") == (true, false))
        #expect(check("caf\u{e9} and more text") == (false, false))
        #expect(check("") == (true, true))
    }
}
