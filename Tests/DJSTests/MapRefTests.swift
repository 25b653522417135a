@testable import DJS
import Testing

/// The map's hash index and its most-recent-lookup memory, through the map's own interface:
/// lookups, updates, removals and re-insertions keep the contents and the insertion order of
/// a plain list of pairs.
@Suite struct MapRefTests {
    /// Removes `key` as the map's owner can (djs code cannot remove keys).
    private func remove(_ key: String, from map: MapRef) {
        map[key] = nil
    }

    @Test func manyKeysKeepInsertionOrderAndValues() {
        let map = MapRef()
        let keys = (0..<5000).map { "key-\($0 * 7919 % 5000)" }
        for (index, key) in keys.enumerated() { map[key] = .int(index) }
        #expect(map.count == 5000)
        #expect(map.keys == keys)
        for (index, key) in keys.enumerated() {
            guard case .int(let found)? = map[key] else { Issue.record("\(key) is missing"); return }
            #expect(found == index)
        }
        #expect(map["key-5000"] == nil)
        #expect(map["key-"] == nil)
    }

    @Test func updatesKeepTheirPlace() {
        let map = MapRef()
        for index in 0..<40 { map["k\(index)"] = .int(index) }
        map["k3"] = .string("three")
        map["k39"] = .string("last")
        #expect(map.keys == (0..<40).map { "k\($0)" })
        #expect(map["k3"].map(\.displayText) == "three")
        #expect(map["k39"].map(\.displayText) == "last")
    }

    @Test func removalsAndReinsertionsFollowInsertionOrder() {
        let map = MapRef()
        var expected: [String] = []
        for index in 0..<100 {
            map["k\(index)"] = .int(index)
            expected.append("k\(index)")
        }
        for index in stride(from: 0, to: 100, by: 3) {
            remove("k\(index)", from: map)
            expected.removeAll { $0 == "k\(index)" }
        }
        #expect(map.keys == expected)
        #expect(map["k0"] == nil && map["k99"] == nil)
        for key in expected { #expect(map[key].map(\.displayText) == String(key.dropFirst())) }
        // A removed key comes back at the end.
        map["k3"] = .int(-3)
        expected.append("k3")
        #expect(map.keys == expected)
        #expect(map["k3"].map(\.displayText) == "-3")
        #expect(map["k4"].map(\.displayText) == "4")
    }

    @Test func shrinkingBelowTheScanLimitAndGrowingAgain() {
        let map = MapRef()
        for index in 0..<20 { map["k\(index)"] = .int(index) }
        for index in 0..<15 { remove("k\(index)", from: map) }
        #expect(map.keys == ["k15", "k16", "k17", "k18", "k19"])
        for index in 20..<60 { map["k\(index)"] = .int(index) }
        #expect(map.keys == (15..<60).map { "k\($0)" })
        for index in 15..<60 { #expect(map["k\(index)"].map(\.displayText) == String(index)) }
        #expect(map["k0"] == nil)
    }

    /// The memory of the last lookup must not outlive a removal, which moves later keys.
    @Test func aRepeatedLookupAfterARemovalFindsTheMovedKey() {
        let map = MapRef()
        for index in 0..<30 { map["k\(index)"] = .int(index) }
        let key = "k20"
        #expect(map[key].map(\.displayText) == "20")
        remove("k5", from: map)
        #expect(map[key].map(\.displayText) == "20")
        map[key] = .int(-20)
        #expect(map["k20"].map(\.displayText) == "-20")
        #expect(map.keys.firstIndex(of: "k20") == 19)
    }

    /// A key looked up while absent, then added: the memory must say where it went.
    @Test func anAbsentKeyAddedThenReadBack() {
        for size in [3, 16, 40] {
            let map = MapRef()
            for index in 0..<size { map["k\(index)"] = .int(index) }
            let key = "new"
            #expect(map[key] == nil)
            map[key] = .int(1)
            #expect(map[key].map(\.displayText) == "1")
            map[key] = .int(2)
            #expect(map["new"].map(\.displayText) == "2")
            #expect(map.keys.last == "new" && map.count == size + 1)
        }
    }

    /// Canonically equivalent keys are one key, with the index and without it.
    @Test func canonicallyEquivalentKeysAreOneKey() {
        for size in [0, 30] {
            let map = MapRef()
            for index in 0..<size { map["k\(index)"] = .int(index) }
            map["caf\u{e9}"] = .int(1)
            map["cafe\u{301}"] = .int(2)
            map["K"] = .int(3)
            map["\u{212a}"] = .int(4)
            #expect(map.count == size + 2)
            #expect(map["caf\u{e9}"].map(\.displayText) == "2")
            #expect(map["K"].map(\.displayText) == "4")
            #expect(map.keys.suffix(2) == ["caf\u{e9}", "K"])
        }
    }

    @Test func literalKeysShareTheirArrayAndStillIndex() {
        let keys = (0..<30).map { "f\($0)" }
        let map = MapRef(distinctKeys: keys, values: (0..<30).map { .int($0) })
        #expect(map["f29"].map(\.displayText) == "29")
        map["f30"] = .int(30)
        #expect(map.keys == keys + ["f30"])
        #expect(keys.count == 30)
    }
}

/// The open-addressing index itself, where hashes can be chosen to collide.
@Suite struct KeyIndexTests {
    @Test func keysWhoseHashesCollideAreAllFound() {
        let keys = (0..<200).map { "key\($0)" }
        var index = KeyIndex(keys: [])
        // Every key with the same hash: one long probe chain, told apart by the text.
        for position in keys.indices { index.insert(position: position, hash: 42) }
        for (position, key) in keys.enumerated() { #expect(index.position(of: key, hash: 42, in: keys) == position) }
        #expect(index.position(of: "key200", hash: 42, in: keys) == nil)
        #expect(index.position(of: "key1", hash: 43, in: keys) == nil)
    }

    @Test func hashesThatShareLowBitsAreAllFound() {
        let keys = (0..<300).map { "key\($0)" }
        var index = KeyIndex(keys: [])
        // Equal in the bits a small table uses for the bucket, different above them.
        for position in keys.indices { index.insert(position: position, hash: UInt64(position) << 20) }
        for (position, key) in keys.enumerated() {
            #expect(index.position(of: key, hash: UInt64(position) << 20, in: keys) == position)
        }
        #expect(index.count == 300)
    }
}

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

/// The byte-wise split gives the general split's pieces, or declines.
@Suite struct ASCIISplitTests {
    @Test func piecesMatchTheGeneralSplit() {
        let cases: [(String, String)] = [("a,b,,c", ","), ("", ","), (",", ","), ("aaa", "aa"), ("aaaa", "aa"),
                                         ("a--b---c", "--"), ("no separator", "x"), ("x", "x"), ("abcabc", "abc")]
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
