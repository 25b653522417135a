import Foundation

/// One HTTP request as the client builds it: everything needed to send it, nothing more.
/// Small and value-typed so that a stub transport can record and compare requests in tests.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    /// Header names exactly as sent (e.g. `x-logtrust-sign`, `Content-Type`).
    public var headers: [String: String]
    /// The exact body bytes; empty for GET.
    public var body: [UInt8]
    /// Seconds to wait for a reply before giving up.
    public var timeout: Double

    public init(method: String, url: URL, headers: [String: String], body: [UInt8] = [], timeout: Double) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Headers that carry credentials are redacted; the signature is harmless without the
    /// secret but is hidden too, so that no log ever needs a second look.
    static let sensitiveHeaders: Set<String> = ["authorization", "x-logtrust-sign"]

    public var description: String {
        let shown = headers.keys.sorted().map { name in
            let value = headers[name] ?? ""
            switch name.lowercased() {
            case let sensitive where HTTPRequest.sensitiveHeaders.contains(sensitive): return "\(name): \(Redaction.hidden)"
            case "x-logtrust-apikey": return "\(name): \(Redaction.hint(value))"
            default: return "\(name): \(value)"
            }
        }
        return "\(method) \(url.absoluteString) [\(shown.joined(separator: ", "))] \(body.count) bytes"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": description], displayStyle: .struct)
    }
}

/// One HTTP reply.
public struct HTTPResponse: Sendable, Equatable {
    public var statusCode: Int
    /// Header names in lowercase, so lookups need not guess the server's spelling.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(statusCode: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// For a transport that already lowercased the names.
    init(statusCode: Int, lowercasedHeaders: [String: String], body: [UInt8]) {
        self.statusCode = statusCode
        self.headers = lowercasedHeaders
        self.body = body
    }

    public init(statusCode: Int, headers: [String: String] = [:], body: String) {
        self.init(statusCode: statusCode, headers: headers, body: Array(body.utf8))
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a request got no HTTP reply. The distinction matters for retries: only
/// `cannotConnect` proves the request never reached the server.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Connection refused, host not found, network down: nothing was sent.
    case cannotConnect(String)
    /// No reply in time; the server may have received and acted on the request.
    case timedOut
    /// The connection broke after it was made; the request may have been received.
    case connectionLost(String)
    /// The TLS handshake failed (e.g. an untrusted certificate). Not retried: it will not
    /// fix itself, and verification is never turned off.
    case tlsFailure(String)
    case cancelled
    /// Anything else the transport reported.
    case other(String)

    public var description: String {
        switch self {
        case .cannotConnect(let reason): return "cannot connect: \(reason)"
        case .timedOut: return "timed out"
        case .connectionLost(let reason): return "connection lost: \(reason)"
        case .tlsFailure(let reason): return "TLS failure: \(reason)"
        case .cancelled: return "cancelled"
        case .other(let reason): return reason
        }
    }
}

/// Sends HTTP requests. `URLSessionTransport` is the real one; tests use a stub that
/// records requests and replays scripted replies.
///
/// Implementations report failures without a reply as `HTTPTransportError`, and return
/// every HTTP reply (whatever its status) as an `HTTPResponse`.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// An executor for the `worker`-th of several tasks that send many requests, when running
    /// them there is cheaper than on the global pool (e.g. one of the transport's own event
    /// threads); nil by default.
    func preferredTaskExecutor(worker: Int) -> (any TaskExecutor)?
}

extension HTTPTransport {
    public func preferredTaskExecutor(worker: Int) -> (any TaskExecutor)? { nil }
}
