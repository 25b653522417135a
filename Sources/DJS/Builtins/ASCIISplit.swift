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
                var pieces: [Value] = []
                let first = separator[0], length = separator.count
                var start = 0, offset = 0
                while offset + length <= bytes.count {
                    if bytes[offset] == first, length == 1 || matches(separator, in: bytes, at: offset) {
                        pieces.append(.string(string(bytes, start..<offset)))
                        offset += length
                        start = offset
                    } else {
                        offset += 1
                    }
                }
                pieces.append(.string(string(bytes, start..<bytes.count)))
                return pieces
            } ?? nil
        } ?? nil
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
