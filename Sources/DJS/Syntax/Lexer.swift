import Foundation

/// Turns source bytes into tokens.
///
/// Newlines end statements, so the lexer emits them as tokens, except inside `( )`, `[ ]` and
/// `{ }`, where a newline is only white space (so calls, lists and maps may span lines).
/// Runs of newlines collapse into one token. `#` starts a comment to the end of the line, which
/// also makes a `#!` first line a comment.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    /// A running (offset, column) pair on the current line, so that columns cost O(1) per
    /// token even on a megabyte-long line.
    private var columnOffset: Int
    private var column: Int
    /// The line of the last token and its byte range: most tokens share a line with the one
    /// before, and the others are on one of the next few lines, so neither needs a binary
    /// search over the line table.
    private var cachedLine = 0
    private var cachedLineBytes = 0..<0
    /// Whether that line is all ASCII: then a column is the byte distance from its start.
    private var cachedLineIsASCII = false
    /// How many `(`, `[` or `{` are open: newlines inside them are not statement ends.
    private var bracketDepth = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// The pieces of the string literals that are not plain text, indexed by token payload.
    private var strings: [[StringPiece]] = []
    /// The kind of the last token returned; runs of newlines collapse into one token.
    private var lastKind = TokenKind.newline

    /// Lexes `source`, or only the bytes `range` of it (a string interpolation).
    public init(source: SourceFile, range: Range<Int>? = nil) {
        self.source = source
        self.bytes = source.bytes
        let range = range ?? 0..<source.bytes.count
        self.position = range.lowerBound
        self.end = range.upperBound
        self.columnOffset = range.lowerBound
        self.column = source.column(of: range.lowerBound)
    }

    /// Every token to the end (the parser takes them one at a time with `next()` instead).
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    /// The next token; after the end, the end again. Newlines at the start and after another
    /// newline are skipped.
    public mutating func next() -> Token {
        while true {
            let token = nextToken()
            if token.kind == .newline, lastKind == .newline { continue }
            lastKind = token.kind
            return token
        }
    }

    /// Reads the rest of the input for its errors only (the parser stopped early).
    mutating func skipToEnd() {
        while lastKind != .endOfFile { _ = next() }
    }

    // MARK: - What tokens carry

    /// The decoded literal of `token` (`.none` for tokens that are not literals).
    public func literal(of token: Token) -> TokenLiteral {
        switch token.kind {
        case .integer: .integer(token.payload)
        case .float: .float(Double(bitPattern: UInt64(bitPattern: Int64(token.payload))))
        case .duration: .duration(token.payload)
        case .string where token.payload == Token.plainString:
            token.location.length > 2 ? .string([.text(plainText(of: token))]) : .string([])
        case .string: .string(strings[token.payload])
        default: .none
        }
    }

    /// The pieces of a string literal that is not plain text.
    func pieces(of token: Token) -> [StringPiece] { strings[token.payload] }

    /// The text between the quotes of a plain string literal.
    func plainText(of token: Token) -> String {
        source.text(offset: token.location.offset + 1, length: token.location.length - 2)
    }

    /// The text of an identifier (empty for other tokens).
    public func name(of token: Token) -> String {
        guard token.kind == .identifier else { return "" }
        return source.text(offset: token.location.offset, length: token.location.length)
    }

    // MARK: - Scanning

    private func peek(_ ahead: Int = 0) -> UInt8 {
        position + ahead < end ? bytes[position + ahead] : 0
    }

    private mutating func nextToken() -> Token {
        skipSpaceAndComments()
        let start = position
        guard position < end else {
            // When the text ends with a line break, the end is shown at the end of the last
            // line rather than on an empty line after it, where a caret would point at nothing.
            if start == bytes.count, start > 0, bytes[start - 1] == UInt8(ascii: "\n") {
                return Token(kind: .endOfFile, location: source.location(offset: start - 1, length: 0))
            }
            return make(.endOfFile, from: start)
        }
        let byte = bytes[position]
        position += 1

        switch byte {
        case UInt8(ascii: "\n"):
            return make(.newline, from: start)
        case UInt8(ascii: "("): bracketDepth += 1; return make(.leftParen, from: start)
        case UInt8(ascii: ")"): bracketDepth = max(0, bracketDepth - 1); return make(.rightParen, from: start)
        case UInt8(ascii: "["): bracketDepth += 1; return make(.leftBracket, from: start)
        case UInt8(ascii: "]"): bracketDepth = max(0, bracketDepth - 1); return make(.rightBracket, from: start)
        case UInt8(ascii: "{"): bracketDepth += 1; return make(.leftBrace, from: start)
        case UInt8(ascii: "}"): bracketDepth = max(0, bracketDepth - 1); return make(.rightBrace, from: start)
        case UInt8(ascii: ","): return make(.comma, from: start)
        case UInt8(ascii: "."): return make(.dot, from: start)
        case UInt8(ascii: ":"): return make(.colon, from: start)
        case UInt8(ascii: ";"): return make(.semicolon, from: start)
        case UInt8(ascii: "+"): return make(.plus, from: start)
        case UInt8(ascii: "-"): return make(.minus, from: start)
        case UInt8(ascii: "*"): return make(.star, from: start)
        case UInt8(ascii: "/"): return make(.slash, from: start)
        case UInt8(ascii: "%"): return make(.percent, from: start)
        case UInt8(ascii: "="): return make(match("=") ? .equalEqual : .assign, from: start)
        case UInt8(ascii: "<"): return make(match("=") ? .lessEqual : .less, from: start)
        case UInt8(ascii: ">"): return make(match("=") ? .greaterEqual : .greater, from: start)
        case UInt8(ascii: "!"):
            if match("=") { return make(.bangEqual, from: start) }
            return invalid(from: start, "unexpected '!'", note: "djs writes negation as 'not'")
        case UInt8(ascii: "\""): return string(from: start)
        case UInt8(ascii: "'"): return rawString(from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return number(from: start)
        default:
            if isIdentifierStart(byte) { return identifier(from: start) }
            if byte >= 0x80 {
                // Skip the rest of this UTF-8 sequence so the message names one character.
                while position < end, bytes[position] & 0xC0 == 0x80 { position += 1 }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            let shown = byte == 0 ? "NUL byte" : (byte < 0x20 ? "control character" : "character '\(text)'")
            return invalid(from: start, "unexpected \(shown)")
        }
    }

    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard position < end, bytes[position] == UInt8(ascii: expected) else { return false }
        position += 1
        return true
    }

    private mutating func skipSpaceAndComments() {
        while position < end {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n") where bracketDepth > 0:
                position += 1
            case UInt8(ascii: "#"):
                while position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            default:
                return
            }
        }
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    @inline(__always)
    private mutating func make(_ kind: TokenKind, from start: Int, payload: Int = 0) -> Token {
        Token(kind: kind, location: location(from: start), payload: payload)
    }

    @inline(__always)
    private mutating func location(from start: Int) -> SourceLocation {
        if !cachedLineBytes.contains(start) {
            (cachedLine, cachedLineBytes) = source.lineSpan(containing: start, after: cachedLine)
            cachedLineIsASCII = source.isASCII(cachedLineBytes.lowerBound..<min(cachedLineBytes.upperBound, bytes.count))
        }
        if cachedLineIsASCII {
            return SourceLocation(offset: start, length: position - start, line: cachedLine,
                                  column: start - cachedLineBytes.lowerBound + 1)
        }
        if start < columnOffset || !cachedLineBytes.contains(columnOffset) {
            // Count from the start of the line: the first column is 1.
            columnOffset = cachedLineBytes.lowerBound
            column = 1
        }
        // Advance the running column: count the bytes that begin a character.
        while columnOffset < start {
            if bytes[columnOffset] & 0xC0 != 0x80 { column += 1 }
            columnOffset += 1
        }
        return SourceLocation(offset: start, length: position - start, line: cachedLine, column: column)
    }

    private mutating func invalid(from start: Int, _ message: String, note: String? = nil,
                                  incomplete: Bool = false) -> Token {
        let where_ = location(from: start)
        diagnostics.append(Diagnostic(.syntax, message, at: where_, notes: note.map { [$0] } ?? [],
                                      isIncompleteInput: incomplete))
        return Token(kind: .invalid, location: where_)
    }

    // MARK: - Names and numbers

    private mutating func identifier(from start: Int) -> Token {
        while position < end, isIdentifierStart(bytes[position]) || isDigit(bytes[position]) { position += 1 }
        let keyword = bytes.withUnsafeBufferPointer { TokenKind.keyword(in: $0, start: start, count: position - start) }
        // The name's text stays in the source: the parser reads it from the token's bytes.
        return make(keyword ?? .identifier, from: start)
    }

    /// Reads a run of digits and `_` separators: its value (nil when it does not fit in 64
    /// bits) and where it is. The text is made only for an error message (`digitText`).
    private mutating func digits() -> (value: Int?, range: Range<Int>) {
        let start = position
        var value: Int? = 0
        while position < end, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") {
            if bytes[position] != UInt8(ascii: "_"), let sofar = value {
                let (times10, overflow1) = sofar.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
                value = overflow1 || overflow2 ? nil : sum
            }
            position += 1
        }
        return (value, start..<position)
    }

    /// The text of a number as error messages show it: without `_` separators, exponent `e`.
    private func digitText(_ range: Range<Int>) -> String {
        var text = ""
        for byte in bytes[range] where byte != UInt8(ascii: "_") {
            text.append(Character(Unicode.Scalar(byte == UInt8(ascii: "E") ? UInt8(ascii: "e") : byte)))
        }
        return text
    }

    /// Integers (`1_000`), floats (`1.5`, `2e3`) and durations (`500ms`, `2h30m`).
    private mutating func number(from start: Int) -> Token {
        position = start
        let (integer, integerDigits) = digits()
        var isFloat = false
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            position += 1
            _ = digits()
            isFloat = true
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
            if isDigit(peek(1 + sign)) {
                position += 1 + sign
                _ = digits()
                isFloat = true
            }
        }
        if !isFloat, position < end, isIdentifierStart(bytes[position]) {
            return duration(from: start, firstAmount: integer, digits: integerDigits)
        }
        if isFloat {
            let text = digitText(start..<position)
            guard let value = Double(text) else { return invalid(from: start, "malformed number '\(text)'") }
            return make(.float, from: start, payload: Int(Int64(bitPattern: value.bitPattern)))
        }
        guard let value = integer else {
            return invalid(from: start, "integer literal '\(digitText(integerDigits))' does not fit in 64 bits")
        }
        return make(.integer, from: start, payload: value)
    }

    /// Milliseconds in the duration unit spelled by `bytes[range]`, nil for an unknown unit.
    private func unitMilliseconds(_ range: Range<Int>) -> Int? {
        switch range.count {
        case 1:
            switch bytes[range.lowerBound] {
            case UInt8(ascii: "s"): return 1_000
            case UInt8(ascii: "m"): return 60_000
            case UInt8(ascii: "h"): return 3_600_000
            case UInt8(ascii: "d"): return 86_400_000
            case UInt8(ascii: "w"): return 604_800_000
            default: return nil
            }
        case 2:
            let isMilliseconds = bytes[range.lowerBound] == UInt8(ascii: "m") && bytes[range.lowerBound + 1] == UInt8(ascii: "s")
            return isMilliseconds ? 1 : nil
        default:
            return nil
        }
    }

    /// A duration literal: one or more `<digits><unit>` runs, as in `90s` or `1h30m`.
    private mutating func duration(from start: Int, firstAmount: Int?, digits firstDigits: Range<Int>) -> Token {
        var amount = (value: firstAmount, range: firstDigits)
        var total = 0
        while true {
            let unitStart = position
            while position < end, isIdentifierStart(bytes[position]) { position += 1 }
            guard let scale = unitMilliseconds(unitStart..<position) else {
                let unit = String(decoding: bytes[unitStart..<position], as: UTF8.self)
                while position < end, isIdentifierStart(bytes[position]) || isDigit(bytes[position]) { position += 1 }
                return invalid(from: start, "unknown duration unit '\(unit)'",
                               note: "durations are written like 500ms, 30s, 5m, 2h, 1d, 1w or 1h30m")
            }
            guard let count = amount.value else {
                return invalid(from: start, "duration '\(digitText(amount.range))' is too large")
            }
            let (scaled, overflow1) = count.multipliedReportingOverflow(by: scale)
            let (sum, overflow2) = total.addingReportingOverflow(scaled)
            if overflow1 || overflow2 { return invalid(from: start, "duration is too large") }
            total = sum
            guard isDigit(peek()) else { break }
            amount = digits()
            guard position < end, isIdentifierStart(bytes[position]) else {
                return invalid(from: start, "a duration's number '\(digitText(amount.range))' needs a unit")
            }
        }
        return make(.duration, from: start, payload: total)
    }

    // MARK: - Strings

    /// `"…"` with escapes and `${expression}` interpolation. The interpolated source is kept
    /// as a byte range for the parser; here we only find where it ends.
    private mutating func string(from start: Int) -> Token {
        var pieces: [StringPiece] = []
        var text: [UInt8] = []
        var isPlain = true
        func flushText() {
            if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))); text.removeAll() }
        }
        while true {
            guard position < end else {
                return invalid(from: start, "unterminated string", note: "a string ends with '\"'", incomplete: true)
            }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                // Most strings are plain text: the parser reads those from the source.
                if isPlain { return make(.string, from: start, payload: Token.plainString) }
                flushText()
                return stringToken(pieces, from: start)
            case UInt8(ascii: "\n"):
                text.append(byte)
            case UInt8(ascii: "\\"):
                isPlain = false
                guard let escaped = escape(stringStart: start) else {
                    if position >= end {
                        return invalid(from: start, "unterminated string", incomplete: true)
                    }
                    continue
                }
                text += Array(escaped.utf8)
            case UInt8(ascii: "$") where peek() == UInt8(ascii: "{"):
                isPlain = false
                flushText()
                position += 1
                let exprStart = position
                guard let exprEnd = interpolationEnd() else {
                    // The rest of the input belongs to this string; do not lex it again.
                    position = end
                    return invalid(from: start, "unterminated interpolation '${' in string", incomplete: true)
                }
                pieces.append(.interpolation(start: exprStart, end: exprEnd))
                position = exprEnd + 1
            default:
                text.append(byte)
            }
        }
    }

    /// Reads one escape after a backslash; reports and returns nil for an unknown one.
    private mutating func escape(stringStart: Int) -> String? {
        guard position < end else { return nil }
        let byte = bytes[position]
        let escapeStart = position - 1
        position += 1
        switch byte {
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "0"): return "\0"
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "'"): return "'"
        case UInt8(ascii: "$"): return "$"
        case UInt8(ascii: "u") where peek() == UInt8(ascii: "{"):
            position += 1
            let hexStart = position
            while position < end, bytes[position] != UInt8(ascii: "}"), position - hexStart < 8 { position += 1 }
            let hex = String(decoding: bytes[hexStart..<position], as: UTF8.self)
            guard position < end, bytes[position] == UInt8(ascii: "}") else {
                _ = invalid(from: escapeStart, "malformed unicode escape; write \\u{1F600}")
                return nil
            }
            position += 1
            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                _ = invalid(from: escapeStart, "'\\u{\(hex)}' is not a unicode character")
                return nil
            }
            return String(Character(scalar))
        default:
            let saved = position
            position = escapeStart
            _ = invalid(from: escapeStart, "unknown escape sequence",
                        note: "known escapes: \\n \\t \\r \\0 \\\\ \\\" \\' \\$ \\u{…}; or use a 'raw string'")
            position = saved
            return nil
        }
    }

    /// The offset of the `}` that closes an interpolation starting at `position`, skipping
    /// nested braces and strings; nil when the input ends first.
    private func interpolationEnd() -> Int? {
        var depth = 0
        var index = position
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                if depth == 0 { return index }
                depth -= 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = bytes[index]
                index += 1
                while index < end, bytes[index] != quote {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// `'…'`: no escapes, no interpolation; handy for regular expressions and JSON.
    private mutating func rawString(from start: Int) -> Token {
        // A search rather than a loop of bounds-checked reads: raw strings carry whole JSON
        // documents, megabytes long.
        position = bytes.withUnsafeBufferPointer { buffer in
            guard position < end, let found = memchr(buffer.baseAddress! + position, Int32(UInt8(ascii: "'")), end - position) else {
                return end
            }
            return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        guard position < end else {
            return invalid(from: start, "unterminated raw string", note: "a raw string ends with \"'\"", incomplete: true)
        }
        position += 1
        return make(.string, from: start, payload: Token.plainString)
    }

    /// A string literal token whose pieces are kept in `strings`.
    private mutating func stringToken(_ pieces: [StringPiece], from start: Int) -> Token {
        strings.append(pieces)
        return make(.string, from: start, payload: strings.count - 1)
    }
}
