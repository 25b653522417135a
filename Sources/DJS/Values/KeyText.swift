/// Strings as their UTF-8 bytes: hashing, equality and ordering for map keys and `sort`, and
/// the ASCII checks that tell when bytes can stand for characters.
///
/// Swift's own `==`, `<` and `hash(into:)` on strings follow canonical equivalence: they
/// compare the NFC (composed) form, so "é" written as one scalar and as "e" + U+0301 are
/// equal, and djs's maps and comparisons have always behaved that way. What is done here gives
/// exactly the same answers, only faster for the usual case:
/// - ASCII text is already in NFC, and for it equality is equality of bytes and Unicode
///   code-point order is byte order;
/// - any other text is hashed through its NFC bytes (so canonically equivalent keys, even an
///   ASCII one and a non-ASCII one such as "K" and the Kelvin sign U+212A, hash alike), and
///   compared by Swift's operators.
///
/// The hash is SipHash-free: a multiply-and-shift mix of 8 bytes at a time (as in wyhash or
/// splitmix64), a few instructions per word, against a full SipHash round per 8 bytes plus
/// Swift's per-call hasher set-up. It has no random seed, so a program that chooses its keys
/// to collide could make lookups slow (but never wrong).
enum KeyText {
    private static let multiplier: UInt64 = 0xbf58_476d_1ce4_e5b9
    private static let asciiMask: UInt64 = 0x8080_8080_8080_8080

    /// A hash of `text` that agrees with `==`: equal strings (canonically equivalent ones
    /// included) hash alike.
    static func hash(_ text: String) -> UInt64 {
        let hashed = text.utf8.withContiguousStorageIfAvailable { bytes in
            hash(UnsafeRawBufferPointer(bytes))
        } ?? hash(Array(text.utf8))
        if hashed.isASCII { return hashed.value }
        // Not ASCII: hash the normal form, as Swift's own hashing does.
        return hash(text._nfcCodeUnits).value
    }

    private static func hash(_ bytes: [UInt8]) -> (value: UInt64, isASCII: Bool) {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The hash of the bytes, and whether they were all ASCII (below 0x80).
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> (value: UInt64, isASCII: Bool) {
        let count = bytes.count
        var state = 0x9e37_79b9_7f4a_7c15 ^ UInt64(truncatingIfNeeded: count)
        var highBits: UInt64 = 0
        var offset = 0
        if let base = bytes.baseAddress {
            while offset + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                highBits |= word
                state = (state ^ word) &* multiplier
                state ^= state >> 31
                offset += 8
            }
            if offset < count {
                // The last 1-7 bytes: the last whole word of the text when it has one (the
                // bytes it shares with the word before are simply hashed twice), else the
                // short text read in 4-, 2- and 1-byte pieces.
                var word: UInt64 = 0
                if count >= 8 {
                    word = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                } else {
                    var shift: UInt64 = 0
                    if count - offset >= 4 {
                        word = UInt64(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                        shift = 32
                        offset += 4
                    }
                    if count - offset >= 2 {
                        word |= UInt64(base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) << shift
                        shift += 16
                        offset += 2
                    }
                    if count - offset >= 1 {
                        word |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << shift
                    }
                }
                highBits |= word
                state = (state ^ word) &* multiplier
                state ^= state >> 31
            }
        }
        // splitmix64's finaliser, so every input bit reaches the low bits a table indexes by.
        state ^= state >> 30
        state &*= multiplier
        state ^= state >> 27
        state &*= 0x94d0_49bb_1331_11eb
        state ^= state >> 31
        return (state, highBits & asciiMask == 0)
    }

    /// `a == b`: the same bytes are the same string; different bytes can still be canonically
    /// equivalent text, which Swift's `==` decides.
    @inline(__always)
    static func equal(_ a: String, _ b: String) -> Bool {
        let sameBytes = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                left.count == right.count && bytewiseOrder(left, right) == 0
            }
        }
        if sameBytes == true { return true }
        return a == b
    }

    /// The order of `a` and `b` (-1, 0 or 1) as Swift's `<` and `==` give it: Unicode code
    /// points of the NFC form. For ASCII text that is byte order.
    static func compare(_ a: String, _ b: String) -> Int {
        let bytewise = a.utf8.withContiguousStorageIfAvailable { left -> Int? in
            b.utf8.withContiguousStorageIfAvailable { right -> Int? in
                guard isASCII(left), isASCII(right) else { return nil }
                return bytewiseOrder(left, right)
            } ?? nil
        } ?? nil
        if let bytewise { return bytewise }
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    /// The order of two byte strings (-1, 0 or 1): the first differing byte decides, and a
    /// prefix comes first. Compared 8 bytes at a time; a differing word is read big-endian so
    /// that its first differing byte decides the comparison of the words.
    @inline(__always)
    private static func bytewiseOrder(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(left.count, right.count)
        if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
            let a = UnsafeRawPointer(leftBase), b = UnsafeRawPointer(rightBase)
            var offset = 0
            while offset + 8 <= common {
                let x = a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let y = b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if x != y { return x.bigEndian < y.bigEndian ? -1 : 1 }
                offset += 8
            }
            while offset < common {
                let x = leftBase[offset], y = rightBase[offset]
                if x != y { return x < y ? -1 : 1 }
                offset += 1
            }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    /// Whether every byte is below 0x80, checked 8 bytes at a time.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var highBits: UInt64 = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            highBits |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            highBits |= UInt64(base[offset])
            offset += 1
        }
        return highBits & asciiMask == 0
    }

    /// Whether every byte is below 0x80 and none is "\r" (0x0d), 8 bytes at a time: a word has
    /// a "\r" exactly when XOR-ing it with "\r" in every byte leaves a zero byte, which the
    /// usual `(x - 0x01…) & ~x & 0x80…` test finds.
    static func isASCIIWithoutReturn(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let returns = word ^ (ones &* 0x0d)
            if word & highs != 0 || (returns &- ones) & ~returns & highs != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] >= 0x80 || bytes[offset] == 0x0d { return false }
            offset += 1
        }
        return true
    }
}
