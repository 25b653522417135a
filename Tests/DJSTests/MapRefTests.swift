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
