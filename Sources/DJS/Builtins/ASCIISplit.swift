/// `split` on ASCII text, by bytes.
///
/// `split` cuts text between characters (grapheme clusters), as Swift's string operations do.
/// In ASCII text every byte is a character except "\r\n", which is one: so for ASCII text
/// without "\r" (and an ASCII separator) cutting at bytes gives exactly the same pieces, at a
/// fraction of the cost. Anything else answers nil and is split the general way.
enum ASCIISplit {
    /// The pieces of `text` between occurrences of `separator`, found left to right without
    /// overlapping, empty pieces kept; nil when the byte-wise split does not apply.
    static func pieces(of text: String, separatedBy separator: String) -> [Value]? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> [Value]? in
            separator.utf8.withContiguousStorageIfAvailable { separator -> [Value]? in
                guard !separator.isEmpty, KeyText.isASCII(separator), KeyText.isASCIIWithoutReturn(bytes) else { return nil }
                var count = 1
                forEachMatch(of: separator, in: bytes) { _ in count += 1 }
                var pieces: [Value] = []
                pieces.reserveCapacity(count)
                var start = 0
                forEachMatch(of: separator, in: bytes) { offset in
                    pieces.append(.string(string(bytes, start..<offset)))
                    start = offset + separator.count
                }
                pieces.append(.string(string(bytes, start..<bytes.count)))
                return pieces
            } ?? nil
        } ?? nil
    }

    /// Calls `body` with the offset of each occurrence of `separator` in `bytes`, left to
    /// right, not overlapping. Candidates (the separator's first byte) are found 8 bytes at a
    /// time: XOR-ing a word with that byte in every lane leaves a zero byte where it occurs,
    /// and the lowest bit set by `(x - 0x01…) & ~x & 0x80…` marks the first zero byte exactly.
    @inline(__always)
    private static func forEachMatch(of separator: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>,
                                     _ body: (Int) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let first = separator[0], length = separator.count, end = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let pattern = ones &* UInt64(first)
        var offset = 0
        while offset + length <= end {
            if offset + 8 <= end {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ pattern
                let zeros = (word &- ones) & ~word & highs
                if zeros == 0 {
                    offset += 8
                    continue
                }
                offset += zeros.trailingZeroBitCount / 8
                if offset + length > end { return }
            } else if bytes[offset] != first {
                offset += 1
                continue
            }
            if length == 1 || matches(separator, in: bytes, at: offset) {
                body(offset)
                offset += length
            } else {
                offset += 1
            }
        }
    }

    /// The runs of `text` between white space (tab, line feed, vertical tab, form feed,
    /// carriage return and space: the ASCII characters Unicode counts as white space), empty
    /// ones dropped; nil when the text is not ASCII. "\r\n" is white space as one character
    /// and as two bytes alike, so "\r" needs no special case here.
    static func atWhiteSpace(_ text: String) -> [Value]? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> [Value]? in
            guard KeyText.isASCII(bytes) else { return nil }
            var pieces: [Value] = []
            var start: Int?
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte == 0x20 || (0x09...0x0d).contains(byte) {
                    if let begun = start { pieces.append(.string(string(bytes, begun..<offset))) }
                    start = nil
                } else if start == nil {
                    start = offset
                }
            }
            if let begun = start { pieces.append(.string(string(bytes, begun..<bytes.count))) }
            return pieces
        } ?? nil
    }

    @inline(__always)
    private static func matches(_ separator: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>,
                                at offset: Int) -> Bool {
        for index in 1..<separator.count where bytes[offset + index] != separator[index] { return false }
        return true
    }

    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
