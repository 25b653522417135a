/// JSON to and from djs values, by hand on UTF-8 bytes: `parse_json` of a 20 MB job listing
/// must be fast, and output must be deterministic (maps keep insertion order).
public enum JSON {
    // MARK: - Encoding

    /// Compact JSON. Times become ISO-8601 strings, durations their milliseconds.
    public static func encode(_ value: Value) throws(JSONError) -> String {
        var text = ""
        try append(value, to: &text, depth: 0)
        return text
    }

    private static func append(_ value: Value, to text: inout String, depth: Int) throws(JSONError) {
        guard depth < 512 else { throw JSONError(message: "value is nested too deeply (or contains itself)", offset: 0) }
        switch value {
        case .null: text += "null"
        case .bool(let b): text += b ? "true" : "false"
        case .int(let n): text += String(n)
        case .float(let x):
            guard x.isFinite else { throw JSONError(message: "\(x) has no JSON form", offset: 0) }
            text += x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) + ".0" : "\(x)"
        case .string(let s): appendString(s, to: &text)
        case .time(let t): appendString(TimeFormat.iso8601(milliseconds: t), to: &text)
        case .duration(let d): text += String(d)
        case .list(let list):
            text += "["
            for (index, item) in list.items.enumerated() {
                if index > 0 { text += "," }
                try append(item, to: &text, depth: depth + 1)
            }
            text += "]"
        case .range(let range):
            try append(.list(ListRef((0..<range.count).map { .int(range.element($0)) })), to: &text, depth: depth)
        case .map(let map):
            text += "{"
            for (index, (key, item)) in map.entries.enumerated() {
                if index > 0 { text += "," }
                appendString(key, to: &text)
                text += ":"
                try append(item, to: &text, depth: depth + 1)
            }
            text += "}"
        case .job(let job):
            let map = MapRef(job.record.fields.map { ($0.name, $0.value) })
            try append(.map(map), to: &text, depth: depth)
        case .function, .builtin:
            throw JSONError(message: "a function has no JSON form", offset: 0)
        }
    }

    /// Appends `string` as a JSON string literal (quoted and escaped).
    public static func appendString(_ string: String, to text: inout String) {
        text += "\""
        // Most strings (ids, statuses, names) need no escape: one scan of their bytes, then
        // one append instead of one per character.
        let needsEscape = string.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscape else {
            text += string
            text += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    // MARK: - Decoding

    public static func decode(_ text: String) throws(JSONError) -> Value {
        // The parser reads the string's own UTF-8 storage through a raw buffer: no 20 MB copy,
        // and no bounds checks or reference counting on each byte it looks at.
        let result = text.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(JSONError) -> Value in
                var parser = JSONParser(bytes: bytes)
                return try parser.parseDocument()
            }
        }
        if let result { return try result.get() }
        let copy = Array(text.utf8)
        return try copy.withUnsafeBufferPointer { bytes in
            Result { () throws(JSONError) -> Value in
                var parser = JSONParser(bytes: bytes)
                return try parser.parseDocument()
            }
        }.get()
    }
}

public struct JSONError: Error, Sendable {
    public var message: String
    /// Byte offset in the JSON text.
    public var offset: Int
}

/// Valid only while the buffer it reads is (see `JSON.decode`).
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0
    /// The keys of the last object read at each nesting depth (see `parseObject`).
    var shapes: [[String]] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONError) -> Value {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected text after the JSON value") }
        return value
    }

    func fail(_ message: String) -> JSONError { JSONError(message: message, offset: index) }

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    mutating func parseValue() throws(JSONError) -> Value {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of JSON") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character in JSON")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of JSON") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] { throw fail("invalid JSON literal") }
        index += count
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        if depth > 512 { throw fail("JSON nested more than 512 levels") }
    }

    /// Listings repeat one shape. While an object's keys match those of the previous object
    /// at the same depth, in the same order, they are known to be distinct: its values are
    /// collected without duplicate checks, the previous keys array is shared, and the key
    /// strings are not even made (the bytes are compared in place). The first key that
    /// differs switches that object to ordinary map insertion.
    mutating func parseObject() throws(JSONError) -> Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .map(MapRef()) }
        if shapes.count <= depth { shapes += [[String]](repeating: [], count: depth + 1 - shapes.count) }
        let shape = shapes[depth]
        var values: [Value] = []
        values.reserveCapacity(shape.count)
        var map: MapRef?
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key in JSON object") }
            var key: String?
            if map != nil || values.count >= shape.count || !matchKey(shape[values.count]) {
                key = try parseString()
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' in JSON object") }
            index += 1
            let value = try parseValue()
            if let key {
                if map == nil { map = MapRef(distinctKeys: Array(shape[..<values.count]), values: values) }
                map![key] = value
            } else {
                values.append(value)
            }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of JSON object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                let object = map ?? MapRef(distinctKeys: values.count == shape.count ? shape : Array(shape[..<values.count]),
                                           values: values)
                shapes[depth] = object.keys
                return .map(object)
            }
            throw fail("expected ',' or '}' in JSON object")
        }
    }

    /// Whether the string at `index` is exactly `expected`, written without escapes; if so,
    /// moves past it. (An escape would make the bytes differ from the text, so any backslash
    /// is a mismatch and the key goes through `parseString`.)
    mutating func matchKey(_ expected: String) -> Bool {
        let start = index + 1
        let matched = expected.utf8.withContiguousStorageIfAvailable { key -> Bool in
            let end = start + key.count
            guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return false }
            for offset in 0..<key.count {
                let byte = key[offset]
                guard bytes[start + offset] == byte, byte != UInt8(ascii: "\\"), byte >= 0x20 else { return false }
            }
            return true
        }
        guard matched == true else { return false }
        index = start + expected.utf8.count + 1
        return true
    }

    mutating func parseArray() throws(JSONError) -> Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [Value] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .list(ListRef(items)) }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of JSON array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(ListRef(items)) }
            throw fail("expected ',' or ']' in JSON array")
        }
    }

    mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            index += 1
            return text
        }
        var buffer = Array(bytes[start..<index])
        while true {
            guard index < bytes.count else { throw fail("unterminated JSON string") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw fail("unterminated JSON string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair in JSON string") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    buffer += Array(String(Character(scalar)).utf8)
                default: throw fail("invalid escape in JSON string")
                }
            default:
                guard byte >= 0x20 else { throw fail("control character in JSON string") }
                buffer.append(byte)
            }
        }
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            value <<= 4
            switch byte {
            case 48...57: value |= UInt32(byte - 48)
            case 65...70: value |= UInt32(byte - 55)
            case 97...102: value |= UInt32(byte - 87)
            default: throw fail("invalid \\u escape")
            }
        }
        index += 4
        return value
    }

    mutating func parseNumber() throws(JSONError) -> Value {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        var integer = 0, overflowed = false
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            let (times10, o1) = integer.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(bytes[index] - 48))
            integer = sum
            overflowed = overflowed || o1 || o2
            index += 1
        }
        guard index > digitsStart else { throw fail("invalid JSON number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        if isInteger, !overflowed {
            return .int(bytes[start] == UInt8(ascii: "-") ? -integer : integer)
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw fail("invalid JSON number")
        }
        return .float(value)
    }
}
