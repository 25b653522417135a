import DevoAuth

/// Builds the authentication headers of one attempt (devo-api.md §2-3).
///
/// Headers match what the official Python SDK sends: `Content-Type: application/json` and
/// `x-logtrust-timestamp` on every request (GETs included, and with a token or JWT too),
/// plus either the key and HMAC signature or an `Authorization` header.
enum RequestSigner {
    /// - Parameters:
    ///   - body: the exact bytes that will be sent (empty for GET); the signature covers them.
    ///   - timestampMillis: epoch milliseconds; a fresh one for every attempt.
    static func headers(for credentials: DevoCredentials, body: [UInt8], timestampMillis: Int64) -> [String: String] {
        let timestamp = String(timestampMillis)
        var headers = ["Content-Type": "application/json", "x-logtrust-timestamp": timestamp]
        switch credentials {
        case .keySecret(let key, let secret):
            headers["x-logtrust-apikey"] = key
            headers["x-logtrust-sign"] = DevoSignature.sign(apiKey: key, apiSecret: secret, body: body, timestamp: timestamp)
        case .token(let token):
            headers["Authorization"] = "Bearer \(token)"
        case .jwt(let jwt):
            headers["Authorization"] = "jwt \(jwt)"
        }
        return headers
    }
}
