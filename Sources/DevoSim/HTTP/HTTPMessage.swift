/// One parsed HTTP/1.x request.
struct HTTPRequest: Sendable {
    let method: String
    /// The request target as sent, e.g. `/search/job/abc?x=1`.
    let target: String
    /// `target` without its query string: what the router matches.
    let path: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    let minorVersion: Int
    /// Header fields in arrival order, names lowercased.
    let headers: [(name: String, value: String)]
    /// The body bytes exactly as received: the signature is checked over these.
    let body: [UInt8]

    /// The first field of that (lowercase) name.
    func header(_ lowercasedName: String) -> String? {
        headers.first { $0.name == lowercasedName }?.value
    }

    /// HTTP/1.1 keeps the connection by default, HTTP/1.0 closes unless asked to keep it.
    var wantsKeepAlive: Bool {
        let connection = header("connection")?.lowercased() ?? ""
        if connection.contains("close") { return false }
        return minorVersion >= 1 || connection.contains("keep-alive")
    }
}

/// A response to write. The server adds `Content-Length` and `Connection`.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Close the connection after this response even if the client would keep it.
    var closeConnection = false

    init(status: Int, contentType: String = "application/json", body: [UInt8],
         headers: [(name: String, value: String)] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = [("Content-Type", contentType)] + headers
        self.body = body
        self.closeConnection = closeConnection
    }

    /// Status line, headers and body as one buffer, so that one `send` usually writes all
    /// of it (no Nagle delay between header and body).
    func serialized(keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(status))\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        text += "Content-Length: \(body.count)\r\n"
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(text.utf8)
        bytes.reserveCapacity(bytes.count + body.count)
        bytes.append(contentsOf: body)
        return bytes
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }

    /// A short JSON body for protocol-level errors that happen before routing.
    static func protocolError(_ status: Int) -> HTTPResponse {
        let body = #"{"error":"\#(reasonPhrase(status))","status":\#(status)}"#
        return HTTPResponse(status: status, body: Array(body.utf8), closeConnection: true)
    }
}
