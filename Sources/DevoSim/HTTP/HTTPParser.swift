/// Parses the head (request line and header fields) of an HTTP/1.x request from the bytes a
/// connection has received so far. It never trusts the input: sizes are bounded, anything
/// not in the grammar is a 4xx, never a crash.
struct HTTPParser {
    let limits: ServerLimits

    /// The parsed head, and how the body is delimited.
    struct Head {
        let method: String
        let target: String
        let minorVersion: Int
        let headers: [(name: String, value: String)]
        /// Bytes of the head including the blank line that ends it.
        let length: Int
        let contentLength: Int
        let expectsContinue: Bool
    }

    enum Outcome {
        /// The head is not complete yet (and not over any limit so far).
        case needMore
        case head(Head)
        /// Answer with this status and close the connection.
        case failure(status: Int)
    }

    /// `searchFrom`: bytes before it are known not to end the head (the caller's previous
    /// attempt), so a client that sends its head a byte at a time costs linear, not
    /// quadratic, time.
    func parseHead(_ buffer: [UInt8], searchFrom: Int = 0) -> Outcome {
        guard let headEnd = Self.endOfHead(in: buffer, from: searchFrom) else {
            if let firstLineEnd = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                if firstLineEnd > limits.maxRequestLineBytes { return .failure(status: 414) }
            } else if buffer.count > limits.maxRequestLineBytes {
                return .failure(status: 414)
            }
            return buffer.count > limits.maxHeaderBytes ? .failure(status: 431) : .needMore
        }
        if headEnd > limits.maxHeaderBytes { return .failure(status: 431) }

        // Lines end in CRLF; a bare LF is tolerated (RFC 9112 §2.2 allows it).
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        for index in 0..<headEnd where buffer[index] == UInt8(ascii: "\n") {
            var line = buffer[lineStart..<index]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lines.append(line)
            lineStart = index + 1
        }
        // The last line collected is the empty one that ends the head.
        guard lines.count >= 2, let requestLine = lines.first else { return .failure(status: 400) }
        if requestLine.count > limits.maxRequestLineBytes { return .failure(status: 414) }
        if lines.count - 2 > limits.maxHeaderCount { return .failure(status: 431) }

        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3,
              let method = Self.token(parts[0]),
              let target = Self.visibleASCII(parts[1]), target.hasPrefix("/") || target == "*"
        else { return .failure(status: 400) }
        let version = Array(parts[2])
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)),
              version[6] == UInt8(ascii: ".") else { return .failure(status: 400) }
        guard version[5] == UInt8(ascii: "1") else {
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(version[5])
            return .failure(status: isDigit ? 505 : 400)
        }
        let minorVersion: Int
        switch version[7] {
        case UInt8(ascii: "0"): minorVersion = 0
        case UInt8(ascii: "1"): minorVersion = 1
        default: return .failure(status: 505)
        }

        var headers: [(name: String, value: String)] = []
        var contentLength: Int?
        var expectsContinue = false
        for line in lines.dropFirst().dropLast() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                  let name = Self.token(line[line.startIndex..<colon])?.lowercased()
            else { return .failure(status: 400) }   // also rejects obsolete line folding
            let value = Self.trimmed(line[(colon + 1)...])
            // Control characters (NUL, a bare CR, DEL…) are never valid in a field value.
            guard value.allSatisfy({ ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }),
                  let valueText = String(validating: value, as: UTF8.self) ?? Self.latin1(value)
            else { return .failure(status: 400) }
            switch name {
            case "content-length":
                guard let length = Self.decimal(value), contentLength == nil || contentLength == length
                else { return .failure(status: 400) }
                contentLength = length
            case "transfer-encoding":
                // No client of this API sends a chunked body; refusing is simpler and safer
                // than a second body framing (request smuggling needs two).
                return .failure(status: 501)
            case "expect":
                expectsContinue = valueText.lowercased() == "100-continue"
            default:
                break
            }
            headers.append((name, valueText))
        }
        if let contentLength, contentLength > limits.maxBodyBytes { return .failure(status: 413) }
        return .head(Head(method: method, target: target, minorVersion: minorVersion, headers: headers,
                          length: headEnd, contentLength: contentLength ?? 0,
                          expectsContinue: expectsContinue))
    }

    /// Index just past the blank line ending the head (`\r\n\r\n` or `\n\n`), if present.
    static func endOfHead(in buffer: [UInt8], from start: Int = 0) -> Int? {
        // Step back so that a terminator split across two reads is still seen.
        var index = max(0, min(start, buffer.count) - 3)
        let count = buffer.count
        while index < count {
            if buffer[index] == UInt8(ascii: "\n") {
                if index + 1 < count, buffer[index + 1] == UInt8(ascii: "\n") { return index + 2 }
                if index + 2 < count, buffer[index + 1] == UInt8(ascii: "\r"),
                   buffer[index + 2] == UInt8(ascii: "\n") { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// RFC 9110 token characters (method names, header names).
    private static func token(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, bytes.count <= 256 else { return nil }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            default:
                guard "!#$%&'*+-.^_`|~".utf8.contains(byte) else { return nil }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func visibleASCII(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// Header values are octets; one that is not UTF-8 is read as Latin-1 (RFC 9110 §5.5
    /// "obs-text"), so it can still be compared, e.g. as a wrong credential.
    private static func latin1(_ bytes: ArraySlice<UInt8>) -> String? {
        String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// A non-negative decimal without sign or spaces, bounded so it cannot overflow.
    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 15 else { return nil }
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
