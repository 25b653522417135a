/// A JSON (RFC 8259) parser that reads UTF-8 bytes straight into `JSONValue`.
///
/// Written by hand because the job list of a large domain is tens of megabytes: going
/// through `JSONDecoder` (a `Decodable` tree, a coding path per value, a failed `try?` for
/// every type probe) cost ten times the time and several times the memory of this.
///
/// Strict: anything outside the grammar is an error (trailing commas, comments, control
/// characters in strings, invalid UTF-8, a lone surrogate escape, text after the value), and
/// nesting deeper than `maximumDepth` is refused so that hostile input cannot exhaust the
/// stack. Errors name the byte offset, never quote the text (it may be a secret).
struct JSONParser {
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var depth = 0

    /// Parses the bytes of `range` (all of them by default) as exactly one JSON value.
    static func parse(_ bytes: [UInt8], range: Range<Int>? = nil) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            let range = range ?? 0..<buffer.count
            var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: buffer[..<range.upperBound]),
                                    position: range.lowerBound)
            parser.skipByteOrderMark()
            let value = try parser.value()
            try parser.expectEnd()
            return value
        }
    }

    /// Calls `body` with each element of the array in `range`, parsed one at a time, so that
    /// a long array never exists as one tree. `body` returns false to stop early.
    static func forEachElement(of bytes: [UInt8], range: Range<Int>,
                               _ body: (JSONValue) -> Bool) throws(JSONParseError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in
            var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: buffer[..<range.upperBound]),
                                    position: range.lowerBound)
            parser.skipWhitespace()
            guard parser.peek() == UInt8(ascii: "[") else { throw parser.error("expected an array") }
            try parser.enter()
            if try parser.consumeClosing(UInt8(ascii: "]")) { return try parser.expectEnd() }
            repeat {
                guard body(try parser.value()) else { return }
            } while try parser.separator(closing: UInt8(ascii: "]"))
            try parser.expectEnd()
        }
    }

    /// Parses an object, except that the value of the member `deferredKey` is only checked
    /// for syntax and its byte range returned: the caller parses it when and as it needs.
    static func parseObject(_ bytes: [UInt8], deferring deferredKey: String)
        throws(JSONParseError) -> (object: JSONValue, deferred: Range<Int>?) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> (object: JSONValue, deferred: Range<Int>?) in
            var parser = JSONParser(bytes: buffer, position: 0)
            parser.skipByteOrderMark()
            parser.skipWhitespace()
            guard parser.peek() == UInt8(ascii: "{") else {
                let value = try parser.value()
                try parser.expectEnd()
                return (value, nil)
            }
            var deferred: Range<Int>?
            let object = try parser.object { (parser, key) throws(JSONParseError) -> JSONValue? in
                guard key == deferredKey else { return nil }
                parser.skipWhitespace()
                let start = parser.position
                try parser.skipValue()
                deferred = start..<parser.position
                return JSONValue.null   // placeholder; the caller reads `deferred`
            }
            try parser.expectEnd()
            return (object, deferred)
        }
    }

    // MARK: - Values

    private mutating func value() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object { _, _ in nil }
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    /// `special` may take over a member's value (it returns nil to let it be parsed normally).
    private mutating func object(_ special: (inout JSONParser, String) throws(JSONParseError) -> JSONValue?)
        throws(JSONParseError) -> JSONValue {
        try enter()
        var members: [String: JSONValue] = [:]
        if try consumeClosing(UInt8(ascii: "}")) { depth -= 1; return .object(members) }
        repeat {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            if let taken = try special(&self, key) {
                members[key] = taken
            } else {
                members[key] = try value()
            }
        } while try separator(closing: UInt8(ascii: "}"))
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        var elements: [JSONValue] = []
        if try consumeClosing(UInt8(ascii: "]")) { depth -= 1; return .array(elements) }
        repeat {
            elements.append(try value())
        } while try separator(closing: UInt8(ascii: "]"))
        depth -= 1
        return .array(elements)
    }

    /// Checks the syntax of one value without building it.
    private mutating func skipValue() throws(JSONParseError) {
        skipWhitespace()
        guard let byte = peek() else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"):
            try enter()
            if try consumeClosing(UInt8(ascii: "}")) { depth -= 1; return }
            repeat {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                try skipString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                try skipValue()
            } while try separator(closing: UInt8(ascii: "}"))
            depth -= 1
        case UInt8(ascii: "["):
            try enter()
            if try consumeClosing(UInt8(ascii: "]")) { depth -= 1; return }
            repeat { try skipValue() } while try separator(closing: UInt8(ascii: "]"))
            depth -= 1
        case UInt8(ascii: "\""):
            try skipString()
        default:
            _ = try value()   // a literal or a number: nothing to allocate anyway
        }
    }

    // MARK: - Strings

    private mutating func string() throws(JSONParseError) -> String {
        position += 1   // the opening quote
        let start = position
        var nonASCII: UInt8 = 0
        // The common case: no escapes, so the text is the bytes between the quotes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                if nonASCII & 0x80 == 0 { return String(decoding: text, as: UTF8.self) }
                guard let valid = String(validating: text, as: UTF8.self) else { throw error("invalid UTF-8 in a string", at: start) }
                return valid
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("a control character in a string") }
            nonASCII |= byte
            position += 1
        }
        return try escapedString(from: start)
    }

    /// The slow path, from the first backslash on: decodes into a byte buffer.
    private mutating func escapedString(from start: Int) throws(JSONParseError) -> String {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while true {
            guard position < bytes.count else { throw error("unterminated string", at: start - 1) }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8 in a string", at: start) }
                return text
            case UInt8(ascii: "\\"):
                try appendEscape(to: &utf8)
            case 0..<0x20:
                throw error("a control character in a string", at: position - 1)
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func appendEscape(to utf8: inout [UInt8]) throws(JSONParseError) {
        guard position < bytes.count else { throw error("unterminated escape") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(letter)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hexQuad())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("a lone surrogate escape") }
                position += 2
                let low = UInt32(try hexQuad())
                guard (0xDC00..<0xE000).contains(low) else { throw error("a lone surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("a lone surrogate escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
            UTF8.encode(unicode) { utf8.append($0) }
        default:
            throw error("an invalid escape", at: position - 2)
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func skipString() throws(JSONParseError) {
        let start = position
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            position += 1
        }
        // Anything but plain ASCII up to the closing quote: decode it to check it.
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") { position += 1; return }
        position = start
        _ = try string()
    }

    // MARK: - Numbers and literals

    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        // Integer part: 0, or a non-zero digit and more digits.
        guard let first = peek(), isDigit(first) else { throw error("unexpected character", at: start) }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let digit = peek(), isDigit(digit) else { throw error("a digit must follow the decimal point") }
            skipDigits()
            isInteger = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), isDigit(digit) else { throw error("a digit must follow the exponent") }
            skipDigits()
            isInteger = false
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        if isInteger, let integer = Self.integer(text) { return .int(integer) }
        // Fractions, exponents and integers too large for Int; the grammar was checked above.
        guard let double = Double(String(decoding: text, as: UTF8.self)) else { throw error("an unreadable number", at: start) }
        return .double(double)
    }

    /// The value of an optionally negative run of digits, or nil when it does not fit `Int`.
    private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        let negative = text.first == UInt8(ascii: "-")
        var value = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              UnsafeBufferPointer(rebasing: bytes[position..<position + count]).elementsEqual(
                UnsafeBufferPointer(start: word.utf8Start, count: count))
        else { throw error("unexpected character") }
        position += count
    }

    // MARK: - Punctuation

    /// Steps over the `[` or `{` at `position`, one level deeper.
    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        position += 1
    }

    /// After `[` or `{`: consumes the closing bracket of an empty container.
    private mutating func consumeClosing(_ closing: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard peek() == closing else { return false }
        position += 1
        return true
    }

    /// After an element: true at a comma (another element follows), false at the closing bracket.
    private mutating func separator(closing: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: ","): position += 1; return true
        case closing: position += 1; return false
        case nil: throw error("unexpected end of input")
        default: throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the JSON value") }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func skipByteOrderMark() {
        if bytes.count - position >= 3, bytes[position] == 0xEF, bytes[position + 1] == 0xBB, bytes[position + 2] == 0xBF {
            position += 3
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(reason: reason, offset: offset ?? position)
    }
}

/// Why some text is not JSON, and where (a byte offset; the text itself is never quoted).
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var offset: Int

    public var description: String { "\(reason) at byte \(offset)" }
}
