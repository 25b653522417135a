@testable import DJS
import Testing

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
