/// The order `sort` puts its keys in: the positions of `keys`, ascending (or descending), ties
/// kept in their original order either way (a stable sort).
///
/// Keys that are all integers, or all ASCII strings (the usual sort keys: counts, times as
/// numbers, ids and names), are sorted as (key, position) pairs, with no `Value` copied or
/// matched per comparison. ASCII strings compare by their first 8 bytes packed into one
/// integer (big-endian, so integer order is byte order), and only when those are equal by the
/// rest of their bytes. For ASCII text byte order is Unicode code-point order, which is what
/// `<` on strings means. Any other mix goes through `Operators.compare`, which also reports
/// keys that cannot be compared.
enum SortOrder {
    static func positions(of keys: [Value], descending: Bool, at location: SourceLocation) throws -> [Int] {
        if let integers = allIntegers(keys) {
            // Pairs of (key, position) sort without looking anything up; the position breaks
            // ties, so the result is stable whatever the algorithm.
            let pairs = integers.enumerated().map { (key: $0.element, position: $0.offset) }
            let sorted = descending
                ? pairs.sorted { $0.key != $1.key ? $0.key > $1.key : $0.position < $1.position }
                : pairs.sorted { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
            return sorted.map(\.position)
        }
        if let strings = allASCIIStrings(keys) {
            let pairs = strings.enumerated().map { (prefix: prefix($0.element), position: $0.offset) }
            let sorted = strings.withUnsafeBufferPointer { strings in
                pairs.sorted { a, b in
                    var order = a.prefix == b.prefix ? 0 : (a.prefix < b.prefix ? -1 : 1)
                    if order == 0 { order = KeyText.compare(strings[a.position], strings[b.position]) }
                    return order != 0 ? (descending ? order > 0 : order < 0) : a.position < b.position
                }
            }
            return sorted.map(\.position)
        }
        var failure: RuntimeError?
        let order = sorted(keys.indices, descending: descending) { a, b in
            if failure != nil { return 0 }
            do {
                return try Operators.compare(keys[a], keys[b], at: location)
            } catch let error as RuntimeError {
                failure = error
                return 0
            } catch {
                return 0
            }
        }
        if let failure { throw failure }
        return order
    }

    /// The positions sorted by `compare` (-1, 0 or 1); ties keep their original order, also
    /// when sorting in reverse.
    private static func sorted(_ positions: Range<Int>, descending: Bool, by compare: (Int, Int) -> Int) -> [Int] {
        positions.sorted { a, b in
            let result = compare(a, b)
            return result != 0 ? (descending ? result > 0 : result < 0) : a < b
        }
    }

    private static func allIntegers(_ keys: [Value]) -> [Int]? {
        var integers: [Int] = []
        integers.reserveCapacity(keys.count)
        for key in keys {
            guard case .int(let number) = key else { return nil }
            integers.append(number)
        }
        return integers
    }

    private static func allASCIIStrings(_ keys: [Value]) -> [String]? {
        var strings: [String] = []
        strings.reserveCapacity(keys.count)
        for key in keys {
            guard case .string(let text) = key,
                  text.utf8.withContiguousStorageIfAvailable(KeyText.isASCII) == true else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// The first 8 bytes as one integer, first byte highest, zero-padded: for ASCII strings
    /// (no byte is 0x80 or more, but one may be 0) a smaller prefix means an earlier string,
    /// and equal prefixes leave the order to the remaining bytes (and the lengths: "a" and
    /// "a\0" have the same prefix, so they are told apart by the full comparison).
    private static func prefix(_ text: String) -> UInt64 {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var packed: UInt64 = 0
            for index in 0..<8 { packed = packed << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return packed
        } ?? 0
    }
}
