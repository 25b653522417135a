import Foundation

/// A piece of djs source text and the table that turns byte offsets into lines and columns.
///
/// The lexer works on UTF-8 bytes (fast, and offsets are stable); people read lines and
/// columns, so every diagnostic converts through here.
public struct SourceFile: Sendable {
    /// What diagnostics call the file: a path, `<stdin>`, `<-e>` or `<repl>`.
    public let name: String
    /// The text, kept only as `bytes`: a source can be tens of megabytes (a JSON listing in a
    /// raw string), and holding it twice for the whole run showed in peak memory.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
        var starts = [0]
        // memchr from line break to line break: sources can be tens of megabytes (a JSON
        // listing in a raw string), and a byte-by-byte loop showed in profiles.
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count,
                  let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
        }
        self.lineStarts = starts
    }

    /// The 1-based line that contains `offset`.
    public func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The 1-based line that contains `offset` and the byte range of that line (its line
    /// break included), so a caller can answer later offsets on the same line without a search.
    public func lineSpan(containing offset: Int) -> (line: Int, bytes: Range<Int>) {
        let line = line(containing: offset)
        let end = line < lineStarts.count ? lineStarts[line] : Int.max
        return (line, lineStarts[line - 1]..<end)
    }

    /// `lineSpan(containing:)` for a lexer moving forward through the text: when `offset` is
    /// at or after the start of line `hint`, the lines are walked forward from there (one or
    /// two steps from one token to the next) instead of searched from the start.
    func lineSpan(containing offset: Int, after hint: Int) -> (line: Int, bytes: Range<Int>) {
        guard hint >= 1, hint <= lineStarts.count, lineStarts[hint - 1] <= offset else {
            return lineSpan(containing: offset)
        }
        var line = hint
        while line < lineStarts.count, lineStarts[line] <= offset { line += 1 }
        let end = line < lineStarts.count ? lineStarts[line] : Int.max
        return (line, lineStarts[line - 1]..<end)
    }

    /// Whether every byte in `range` is ASCII, so that columns there are byte counts. Reads
    /// eight bytes at a time: the lexer asks once for each line it enters.
    func isASCII(_ range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var index = range.lowerBound
            let highBits: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= range.upperBound {
                if buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits != 0 { return false }
                index += 8
            }
            while index < range.upperBound {
                if buffer[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }

    /// The text of `length` bytes at `offset` (a name the lexer found).
    func text(offset: Int, length: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<offset + length]), as: UTF8.self)
        }
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The 1-based column of `offset`, counted in Unicode scalars (bytes that begin a UTF-8
    /// sequence), as editors show it.
    public func column(of offset: Int) -> Int {
        let line = line(containing: offset)
        let start = lineStarts[line - 1]
        let clamped = min(max(offset, start), bytes.count)
        var column = 1
        for index in start..<clamped where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    public func location(offset: Int, length: Int) -> SourceLocation {
        SourceLocation(offset: offset, length: length, line: line(containing: offset), column: column(of: offset))
    }
}

/// Where a token or node sits in its `SourceFile`.
///
/// Every token and every node of the tree carries one, so it is kept small: 16 bytes, the
/// offset, length, line and column stored in 32 bits each (saturating: only a source over
/// 4 GiB, far beyond any script, could reach the limit) and read and written as `Int`. A tree
/// node with a 16-byte location fits a smaller allocation than with the 32 bytes of four `Int`s.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    private var storedOffset: UInt32
    private var storedLength: UInt32
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = UInt32(clamping: newValue) }
    }
    public var length: Int {
        get { Int(storedLength) }
        set { storedLength = UInt32(clamping: newValue) }
    }
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public init(offset: Int, length: Int, line: Int, column: Int) {
        self.storedOffset = UInt32(clamping: offset)
        self.storedLength = UInt32(clamping: length)
        self.storedLine = UInt32(clamping: line)
        self.storedColumn = UInt32(clamping: column)
    }

    public static let unknown = SourceLocation(offset: 0, length: 0, line: 1, column: 1)

    public var description: String { "\(line):\(column)" }

    /// The smallest location covering both.
    public func extended(to other: SourceLocation) -> SourceLocation {
        guard other.offset + other.length > offset else { return self }
        var merged = self
        merged.length = other.offset + other.length - offset
        return merged
    }
}
