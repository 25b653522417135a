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
                _ = UnsafeMutableBufferPointer(rebasing: buffer[count..<count + bytes.count]).initialize(fromContentsOf: bytes)
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
            _ = UnsafeMutableBufferPointer(rebasing: target[..<written.count]).initialize(fromContentsOf: written)
            return written.count
        }
    }
}

extension TextBuilder {
    /// `value.displayText` (what `str` and `join` show), with strings and integers, the usual
    /// cases, made without the general formatter.
    static func text(of value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number):
            // 20 bytes hold any Int: 19 digits and a sign.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
                var text = TextBuilder(buffer: buffer)
                text.append(number)
                return text.finish()
            }
        default: return value.displayText
        }
    }

    /// `left + right` for strings: the result is made once at its final size (inline, without
    /// allocating, up to 15 bytes) and the bytes copied in, where Swift's `+` grows a copy of
    /// `left` to append `right`.
    static func concatenate(_ left: String, _ right: String) -> String {
        let total = left.utf8.count + right.utf8.count
        let joined: String? = left.utf8.withContiguousStorageIfAvailable { first in
            right.utf8.withContiguousStorageIfAvailable { second in
                String(unsafeUninitializedCapacity: total) { target in
                    _ = UnsafeMutableBufferPointer(rebasing: target[..<first.count]).initialize(fromContentsOf: first)
                    _ = UnsafeMutableBufferPointer(rebasing: target[first.count..<total]).initialize(fromContentsOf: second)
                    return total
                }
            }
        } ?? nil
        return joined ?? left + right
    }

    /// The values' text (as `text(of:)` gives it) with `separator` between them: `join`. The
    /// result is allocated once at its final size and each piece's bytes copied in, where
    /// appending piece by piece grows and re-checks the string at every step.
    static func join(_ values: [Value], separator: String) -> String {
        let pieces = values.map(text(of:))
        guard pieces.count > 1 else { return pieces.first ?? "" }
        var total = separator.utf8.count * (pieces.count - 1)
        for piece in pieces { total += piece.utf8.count }
        var separatorText = separator
        var failed = false
        let joined = separatorText.withUTF8 { separatorBytes in
            String(unsafeUninitializedCapacity: total) { target in
                var offset = 0
                for (index, piece) in pieces.enumerated() {
                    if index > 0 {
                        _ = UnsafeMutableBufferPointer(rebasing: target[offset..<offset + separatorBytes.count])
                            .initialize(fromContentsOf: separatorBytes)
                        offset += separatorBytes.count
                    }
                    let copied = piece.utf8.withContiguousStorageIfAvailable { bytes in
                        _ = UnsafeMutableBufferPointer(rebasing: target[offset..<offset + bytes.count])
                            .initialize(fromContentsOf: bytes)
                        return bytes.count
                    }
                    guard let copied else { failed = true; return 0 }
                    offset += copied
                }
                return offset
            }
        }
        return failed ? pieces.joined(separator: separator) : joined
    }
}
