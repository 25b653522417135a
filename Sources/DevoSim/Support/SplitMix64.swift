/// A small, fast pseudo-random generator (Steele, Lea & Flood's SplitMix64). Written here
/// rather than using `SystemRandomNumberGenerator` because a seed must give the same jobs on
/// every machine and every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A probability draw: true with probability `rate` (0 never, 1 always).
    mutating func chance(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        guard rate < 1 else { return true }
        return Double(next() >> 11) / Double(1 << 53) < rate
    }

    private static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Letters and digits, like Devo's cids and generated friendly-name suffixes.
    mutating func alphanumeric(count: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(Self.alphanumerics[Int(next() % UInt64(Self.alphanumerics.count))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func hex(count: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count { bytes.append(Self.hexDigits[Int(next() & 15)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A version-4-shaped UUID string (8-4-4-4-12 lowercase hex), as Devo job ids look.
    mutating func uuid() -> String {
        let h = hex(count: 32)
        let c = Array(h.utf8)
        func part(_ r: Range<Int>) -> String { String(decoding: c[r], as: UTF8.self) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }
}
