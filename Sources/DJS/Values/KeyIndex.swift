/// A map's key → position index: an open-addressing hash table (linear probing) that stores
/// positions in the map's own arrays, so the keys themselves keep their insertion order there
/// and the table holds no strings.
///
/// Each slot is one 64-bit word: the low 32 bits of the key's hash (`KeyText.hash`) in the
/// upper half, the position + 1 in the lower half, and 0 for an empty slot. Probing compares
/// the stored hash bits first, so a string is compared only when they match. The table is at
/// most half full and grows by doubling, rehashing from the stored bits alone.
///
/// The index also remembers its most recent lookup: the key string itself, where it was found
/// (or that it was absent) and its hash. `m[k] = m[k] + 1` or `k in m` followed by `m[k]`
/// passes the very same string again, which is then recognised without hashing or comparing
/// text, and a key found absent and then added is not hashed twice.
struct KeyIndex {
    private var slots: [UInt64] = []
    private var mask = 0
    private(set) var count = 0
    /// Held (not only its bits remembered) so that its storage cannot be freed and reused by
    /// another string while it is remembered here.
    private var recentKey = ""
    private var recentHash: UInt64 = 0
    /// Where `recentKey` is: a position, -1 when it is absent, -2 when nothing is remembered.
    private var recentPosition = -2

    /// An index of `keys`, which must be distinct.
    init(keys: [String]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for (position, key) in keys.enumerated() { insert(position: position, hash: KeyText.hash(key)) }
    }

    /// The position of `key` in `keys` (the map's keys, which this index describes).
    @inline(__always)
    mutating func position(of key: String, in keys: [String]) -> Int? {
        if recentPosition != -2, isRecent(key) { return recentPosition >= 0 ? recentPosition : nil }
        let hash = KeyText.hash(key)
        let found = position(of: key, hash: hash, in: keys)
        recentKey = key
        recentHash = hash
        recentPosition = found ?? -1
        return found
    }

    /// Records that `key`, not yet in the index, is at `position`.
    mutating func insert(_ key: String, at position: Int) {
        let hash = recentPosition != -2 && isRecent(key) ? recentHash : KeyText.hash(key)
        insert(position: position, hash: hash)
        recentKey = key
        recentHash = hash
        recentPosition = position
    }

    /// Whether `candidate` is the remembered key: the same two words of `String`, that is the
    /// same inline text or the same (live, immutable) storage. Equal text in another string
    /// is not recognised here; it is looked up as usual.
    @inline(__always)
    private func isRecent(_ candidate: String) -> Bool {
        // Two words on 64-bit platforms (decided when compiling); byte by byte elsewhere.
        if MemoryLayout<String>.size == 16 {
            let mine = unsafeBitCast(recentKey, to: (UInt64, UInt64).self)
            let theirs = unsafeBitCast(candidate, to: (UInt64, UInt64).self)
            return mine.0 == theirs.0 && mine.1 == theirs.1
        }
        return withUnsafeBytes(of: recentKey) { mine in withUnsafeBytes(of: candidate) { mine.elementsEqual($0) } }
    }

    /// The position of the key with this `hash` that equals `key`, looked up in `keys`.
    @inline(__always)
    func position(of key: String, hash: UInt64, in keys: [String]) -> Int? {
        let tag = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash))
        return slots.withUnsafeBufferPointer { slots in
            var bucket = Int(truncatingIfNeeded: tag) & mask
            while true {
                let slot = slots[bucket]
                if slot == 0 { return nil }
                if slot >> 32 == tag {
                    let position = Int(truncatingIfNeeded: slot & 0xffff_ffff) - 1
                    if KeyText.equal(keys[position], key) { return position }
                }
                bucket = (bucket + 1) & mask
            }
        }
    }

    /// Records that the key with `hash` is at `position` (a key not yet in the index).
    mutating func insert(position: Int, hash: UInt64) {
        if (count + 1) * 2 > slots.count { grow() }
        precondition(position < Int(UInt32.max), "a map holds fewer than 4294967295 keys")
        let tag = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash))
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { slots in
            var bucket = Int(truncatingIfNeeded: tag) & mask
            while slots[bucket] != 0 { bucket = (bucket + 1) & mask }
            slots[bucket] = tag << 32 | UInt64(position + 1)
        }
        count += 1
    }

    private mutating func grow() {
        let old = slots
        let capacity = max(16, old.count * 2)
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { slots in
            for slot in old where slot != 0 {
                var bucket = Int(truncatingIfNeeded: slot >> 32) & mask
                while slots[bucket] != 0 { bucket = (bucket + 1) & mask }
                slots[bucket] = slot
            }
        }
    }
}
