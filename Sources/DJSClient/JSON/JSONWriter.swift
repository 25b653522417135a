/// Writes compact JSON with members in the order given, so that request bodies are
/// byte-for-byte predictable: the client signs the exact bytes it sends, and tests compare
/// those bytes. (`JSONEncoder` does not promise a key order; `.sortedKeys` would not give the
/// SDK's order.)
///
/// Output style: no whitespace (like JavaScript's `JSON.stringify`), non-ASCII characters
/// written as raw UTF-8 (Devo verifies the signature over the bytes received, so either form
/// is accepted; devo-api.md §3, V6/V7).
enum JSONWriter {
    /// One JSON value to write. Objects are ordered lists of members.
    indirect enum Node {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case object([(String, Node)])
        case array([Node])
    }

    static func bytes(_ node: Node) -> [UInt8] {
        var output: [UInt8] = []
        write(node, to: &output)
        return output
    }

    private static func write(_ node: Node, to output: inout [UInt8]) {
        switch node {
        case .string(let text): writeString(text, to: &output)
        case .int(let number): output += Array(String(number).utf8)
        case .double(let number):
            // JSON has no NaN or infinity; callers validate before building a node.
            output += Array((number.isFinite ? String(number) : "null").utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .null: output += Array("null".utf8)
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    /// Escapes what JSON requires (quote, backslash, control characters) and nothing else.
    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
            case 0x0A: output += Array("\\n".utf8)
            case 0x0D: output += Array("\\r".utf8)
            case 0x09: output += Array("\\t".utf8)
            case 0x08: output += Array("\\b".utf8)
            case 0x0C: output += Array("\\f".utf8)
            case 0x00..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                output += Array("\\u00".utf8)
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            default:
                // UTF-8 continuation and lead bytes are copied as they are.
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
