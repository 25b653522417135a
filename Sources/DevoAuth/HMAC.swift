/// HMAC-SHA256 (RFC 2104), checked against RFC 4231's test cases in `DevoAuthTests`.
///
/// The key is prepared once (both padded key blocks already hashed), so a code costs two
/// block compressions for a short message and no allocation: a client signing thousands of
/// requests with one secret keeps one of these.
public struct HMACSHA256: Sendable {
    private var inner = SHA256()
    private var outer = SHA256()

    public init(key: [UInt8]) {
        // Keys longer than a block are hashed first; shorter ones are zero-padded.
        var blockKey = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        blockKey += [UInt8](repeating: 0, count: SHA256.blockSize - blockKey.count)
        inner.update(blockKey.map { $0 ^ 0x36 })
        outer.update(blockKey.map { $0 ^ 0x5c })
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        inner.update(bytes)
    }

    /// The code of the message added so far.
    public func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.digestSize) { code, count in
            finalize(into: UnsafeMutableRawBufferPointer(code))
            count = SHA256.digestSize
        }
    }

    /// Writes the 32-byte code to `code`.
    func finalize(into code: UnsafeMutableRawBufferPointer) {
        var inner = self.inner
        var outer = self.outer
        inner.finalize(into: code)
        outer.update(UnsafeRawBufferPointer(code))
        outer.finalize(into: code)
    }

    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal, two digits a byte: the form Devo's `x-logtrust-sign` uses.
    public var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Lowercase hexadecimal of a few bytes, straight into the string's storage.
func lowercaseHex(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 2 * bytes.count) { text in
        let digits: StaticString = "0123456789abcdef"
        for (index, byte) in bytes.enumerated() {
            text[2 * index] = digits.utf8Start[Int(byte >> 4)]
            text[2 * index + 1] = digits.utf8Start[Int(byte & 0x0f)]
        }
        return 2 * bytes.count
    }
}
