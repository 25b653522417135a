/// Assembles the text of an interpolated string (`"job-${i}:${n}"`).
///
/// Most interpolations are short, and Swift keeps strings of up to 15 UTF-8 bytes inline.
/// Appending piece by piece to a `String` re-encoded that inline string at every step, and
/// `String(number)` went through the general formatting machinery. Here the bytes are written
/// into a caller-provided (stack) buffer and become one string at the end; text that outgrows
/// the buffer continues in an ordinary `String`.
struct TextBuilder {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    /// Set once the text no longer fits the buffer; from then on everything goes here.
    private var overflow: String?

    init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    mutating func append(_ text: String) {
        if text.isEmpty { return }
        if overflow == nil {
            let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard count + bytes.count <= buffer.count else { return false }
                for index in bytes.indices { buffer[count + index] = bytes[index] }
                count += bytes.count
                return true
            }
            if copied == true { return }
            spill()
        }
        overflow! += text
    }

    /// A value as interpolation shows it. Strings and integers, the usual cases, skip the
    /// general formatter.
    mutating func append(_ value: Value) {
        switch value {
        case .string(let piece): append(piece)
        case .int(let number): append(number)
        case let other: append(other.displayText)
        }
    }

    /// The decimal digits of `number`, as `String(number)` writes them.
    mutating func append(_ number: Int) {
        // 20 bytes hold any Int: 19 digits and a sign.
        guard overflow == nil, count + 20 <= buffer.count else {
            if overflow == nil { spill() }
            overflow! += String(number)
            return
        }
        if number < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = number.magnitude   // unsigned, so Int.min has one too
        let start = count
        repeat {
            buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            count += 1
            magnitude /= 10
        } while magnitude > 0
        // The digits came out last first.
        var low = start, high = count - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    private mutating func spill() {
        overflow = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }

    func finish() -> String {
        if let overflow { return overflow }
        // Copied in as it is (it is valid UTF-8: pieces of strings and digits), which costs
        // less than `String(decoding:)` and its repairing path.
        let written = UnsafeBufferPointer(rebasing: buffer[..<count])
        return String(unsafeUninitializedCapacity: count) { target in
            _ = target.initialize(from: written)
            return written.count
        }
    }
}
