/// Devo's API key + secret request signature, shared by the client (which signs) and the
/// simulator (which verifies), so the recipe exists exactly once.
///
///     message   = apiKey + body + timestamp      (plain concatenation of bytes)
///     signature = lowercase hex HMAC-SHA256(key: apiSecret, data: message)
///
/// `body` is the exact bytes on the wire: empty for the job GETs, the serialized JSON for
/// `POST /search/query`. Signing bytes rather than a re-serialization is what makes a
/// non-ASCII query verify the same on both sides: `\u00f1` and a raw UTF-8 `ñ` are the same
/// JSON but sign differently, and Devo accepts both (DJSClient's article "Devo's Query API").
public enum DevoSignature {
    public static func sign(apiKey: String, apiSecret: String, body: [UInt8], timestamp: String) -> String {
        DevoSigner(apiKey: apiKey, apiSecret: apiSecret).sign(body: body, timestamp: timestamp)
    }

    /// Compares two signatures in time that depends only on their length, so that a server
    /// does not reveal how many leading characters of a forged signature were right.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// The same signature for one key + secret, request after request: the secret's HMAC blocks
/// and the key (the start of every message) are hashed once, not for every request.
public struct DevoSigner: Sendable {
    private let keyed: HMACSHA256

    public init(apiKey: String, apiSecret: String) {
        var keyed = HMACSHA256(key: Array(apiSecret.utf8))
        keyed.update(Array(apiKey.utf8))
        self.keyed = keyed
    }

    public func sign(body: [UInt8], timestamp: String) -> String {
        var mac = keyed
        mac.update(body)
        var timestamp = timestamp
        timestamp.withUTF8 { mac.update(UnsafeRawBufferPointer($0)) }
        return withUnsafeTemporaryAllocation(byteCount: SHA256.digestSize, alignment: 8) { code in
            mac.finalize(into: code)
            return lowercaseHex(UnsafeRawBufferPointer(code))
        }
    }
}
