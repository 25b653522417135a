/// Writes compact JSON text directly into a byte buffer, members in the order given: the
/// client's request bodies (signed byte for byte, so they must be predictable; `JSONEncoder`
/// promises no key order), the simulator's replies (in Devo's field order, without building
/// 100,000 Foundation dictionaries for a listing of 100,000 jobs) and the language's
/// `to_json`.
///
/// Output style: no whitespace (like JavaScript's `JSON.stringify`); `"`, `\\`, newline,
/// carriage return and tab escaped as `\"`, `\\`, `\n`, `\r`, `\t`, the other control
/// characters as `\u00XX`; everything else, non-ASCII included, copied as raw UTF-8 (Devo
/// checks a signature over the bytes it receives, so either spelling of a character is
/// accepted, and Devo's own replies are raw UTF-8).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(reservingCapacity capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes `"name":` — the value written next belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a pre-encoded `"name":` (a key written once and copied into every object).
    public mutating func rawKey(_ encodedKeyWithColon: [UInt8]) {
        separate()
        bytes.append(contentsOf: encodedKeyWithColon)
        needsComma = false
    }

    public mutating func string(_ value: String) { separate(); appendQuoted(value); needsComma = true }
    public mutating func int(_ value: Int64) { separate(); appendDigits(value); needsComma = true }
    public mutating func int(_ value: Int) { int(Int64(value)) }
    public mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8); needsComma = true }
    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8); needsComma = true }

    /// JSON has no NaN or infinity: those are written as `null` (callers that must refuse
    /// them check first).
    public mutating func double(_ value: Double) {
        separate()
        bytes.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
        needsComma = true
    }

    /// Appends already-encoded JSON (a cached job object, a number in a form of the caller's
    /// choosing) as one value.
    public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json); needsComma = true }

    /// Appends already-encoded object members (`"a":1,"b":2`) inside the current object.
    public mutating func rawMembers(_ json: [UInt8]) {
        guard !json.isEmpty else { return }
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// A string known to need no escaping (ids, status names): copied without a scan.
    public mutating func plainString(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: value.utf8)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int64) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }

    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Decimal digits without building a String (this runs for every counter of every job
    /// in a listing).
    private mutating func appendDigits(_ value: Int64) {
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            if value == Int64.min { bytes.append(contentsOf: "9223372036854775808".utf8); return }
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings (ids, names, statuses) need no escaping and are copied
        // in one go.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 15)])
            default: bytes.append(byte)   // UTF-8 passes through unescaped, as Devo answers
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONWriter {
    /// One JSON value as a tree, for a document small enough to build first and write after
    /// (a request body). Objects are ordered lists of members.
    public indirect enum Node: Sendable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case object([(String, Node)])
        case array([Node])
    }

    /// The compact JSON text of `node`.
    public static func bytes(_ node: Node) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(node)
        return writer.bytes
    }

    public mutating func write(_ node: Node) {
        switch node {
        case .string(let text): string(text)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .bool(let flag): bool(flag)
        case .null: null()
        case .object(let members):
            beginObject()
            for (name, value) in members {
                key(name)
                write(value)
            }
            endObject()
        case .array(let items):
            beginArray()
            for item in items { write(item) }
            endArray()
        }
    }
}
