import DevoAuth

/// Which of Devo's authorization methods a request used (devo-api.md §2). Recorded in the
/// request log; the credential itself never is.
public enum AuthScheme: String, Sendable {
    /// `x-logtrust-apikey` / `x-logtrust-timestamp` / `x-logtrust-sign`.
    case hmac
    /// `Authorization: Bearer <token>`.
    case bearer
    /// `Authorization: jwt <jwt>`.
    case jwt
    /// `Authorization: <token>` without a scheme word (only with `acceptBareToken`).
    case bareToken = "bare-token"
    /// No credentials at all.
    case none
}

/// Decides whether a request carries valid credentials, exactly as Devo documents it:
///
/// - If `x-logtrust-apikey` is present the request is judged as HMAC: the key must match,
///   `x-logtrust-timestamp` must be epoch milliseconds within ±`window` of the clock (open
///   point 1: default ±300 s), and `x-logtrust-sign` must equal
///   HMAC-SHA256(secret, key + raw body bytes + timestamp). The raw bytes are used, never a
///   re-serialization, so Python's `\u00f1` and JavaScript's raw `ñ` both verify.
/// - Otherwise `Authorization: Bearer <token>` or `Authorization: jwt <jwt>`; a token
///   request needs no timestamp (the SDK sends one anyway; it is not checked).
/// - A bare `Authorization: <token>` (js-helper style) only with `acceptBareToken`
///   (open point 5: off by default, since no Devo source says it works).
///
/// Any failure — missing, wrong key, stale or malformed timestamp, bad signature, unknown
/// token — is the same HTTP 401 with `{"error":{"code":12,"message":"Invalid signature
/// validation"}}`, so the reply does not tell an attacker which part was wrong. Secrets
/// are compared in constant time.
struct Authorizer: Sendable {
    let apiKey: String?
    let apiSecret: String?
    let token: String?
    let jwt: String?
    let windowMilliseconds: Int64
    let acceptBareToken: Bool

    enum Verdict: Equatable {
        case accepted(AuthScheme)
        case rejected(AuthScheme)
    }

    func check(_ request: HTTPRequest, now: Int64) -> Verdict {
        if let key = request.header("x-logtrust-apikey") {
            return checkSignature(request, key: key, now: now) ? .accepted(.hmac) : .rejected(.hmac)
        }
        guard let authorization = request.header("authorization") else { return .rejected(.none) }
        if let credential = Self.credential(authorization, scheme: "bearer") {
            return Self.matches(credential, token) ? .accepted(.bearer) : .rejected(.bearer)
        }
        if let credential = Self.credential(authorization, scheme: "jwt") {
            return Self.matches(credential, jwt) ? .accepted(.jwt) : .rejected(.jwt)
        }
        if acceptBareToken, Self.matches(authorization, token) { return .accepted(.bareToken) }
        return .rejected(.bareToken)
    }

    private func checkSignature(_ request: HTTPRequest, key: String, now: Int64) -> Bool {
        guard let apiKey, let apiSecret,
              let timestamp = request.header("x-logtrust-timestamp"),
              let signature = request.header("x-logtrust-sign"),
              let milliseconds = Self.epochMilliseconds(timestamp)
        else { return false }
        // Compare the key in constant time too: it is an identifier, but a cheap one to hide.
        guard DevoSignature.constantTimeEquals(key, apiKey) else { return false }
        let skew = milliseconds > now ? milliseconds - now : now - milliseconds
        guard skew <= windowMilliseconds else { return false }
        let expected = DevoSignature.sign(apiKey: apiKey, apiSecret: apiSecret, body: request.body,
                                          timestamp: timestamp)
        return DevoSignature.constantTimeEquals(signature.lowercased(), expected)
    }

    /// The credential after `<scheme> ` (scheme word case-insensitive), if that is the scheme.
    private static func credential(_ header: String, scheme: String) -> String? {
        let utf8 = Array(header.utf8)
        let prefix = Array(scheme.utf8)
        guard utf8.count > prefix.count + 1, utf8[prefix.count] == UInt8(ascii: " ") else { return nil }
        for (index, byte) in prefix.enumerated() where (utf8[index] | 0x20) != byte { return nil }
        let rest = utf8[(prefix.count + 1)...].drop { $0 == UInt8(ascii: " ") }
        return String(decoding: rest, as: UTF8.self)
    }

    private static func matches(_ presented: String, _ expected: String?) -> Bool {
        guard let expected, !expected.isEmpty else { return false }
        return DevoSignature.constantTimeEquals(presented, expected)
    }

    /// Digits only, at most 16 of them (epoch ms has 13): anything else is not a timestamp.
    private static func epochMilliseconds(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 16,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int64(text)
    }
}
