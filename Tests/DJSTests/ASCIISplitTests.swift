@testable import DJS
import Foundation
import Testing

/// The byte-wise split gives the general split's pieces, or declines.
@Suite struct ASCIISplitTests {
    @Test func piecesMatchTheGeneralSplit() {
        let cases: [(String, String)] = [("a,b,,c", ","), ("", ","), (",", ","), ("aaa", "aa"), ("aaaa", "aa"),
                                         ("a--b---c", "--"), ("no separator", "x"), ("x", "x"), ("abcabc", "abc"),
                                         // Longer than a word, where candidates are found 8 bytes at a time.
                                         (String(repeating: "a", count: 21), "aa"), ("x,y,zzzzzzzzzzz,,wwwwwwwwwwwwwww,", ","),
                                         ("--a----b-------c--", "---"), ("abcdefghijklmnop-q", "-q"), ("abc", "abcd"),
                                         ("0123456789abcdef0123456789", "9a"), ("lines\nof\ntext\n\n", "\n")]
        for (text, separator) in cases {
            let general = text.components(separatedBy: separator)
            let pieces = ASCIISplit.pieces(of: text, separatedBy: separator)?.map(\.displayText)
            #expect(pieces == general, "split(\(text.debugDescription), \(separator.debugDescription))")
        }
    }

    @Test func declinesWhereCharactersAreNotBytes() {
        #expect(ASCIISplit.pieces(of: "a\r\nb", separatedBy: "\n") == nil)
        #expect(ASCIISplit.pieces(of: "caf\u{e9}", separatedBy: "f") == nil)
        #expect(ASCIISplit.pieces(of: "abc", separatedBy: "\u{e9}") == nil)
        #expect(ASCIISplit.pieces(of: "abc", separatedBy: "") == nil)
        #expect(ASCIISplit.atWhiteSpace("caf\u{e9} x") == nil)
    }

    @Test func whiteSpaceRunsMatchTheGeneralSplit() {
        for text in ["", "   ", " a  b ", "a\r\nb\tc\u{b}d\u{c}e", "x\u{1c}y z"] {
            let general = text.split(whereSeparator: \.isWhitespace).map(String.init)
            #expect(ASCIISplit.atWhiteSpace(text)?.map(\.displayText) == general, "\(text.debugDescription)")
        }
    }
}
