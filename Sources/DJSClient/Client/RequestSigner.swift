import DevoAuth

/// Builds the authentication headers of one attempt (devo-api.md §2-3).
///
/// Headers match what the official Python SDK sends: `Content-Type: application/json` and
/// `x-logtrust-timestamp` on every request (GETs included, and with a token or JWT too),
/// plus either the key and HMAC signature or an `Authorization` header.
///
/// A client keeps one signer: with a key + secret, the secret's HMAC state is prepared once.
struct RequestSigner: Sendable {
    private enum Method: Sendable {
        case signed(key: String, signer: DevoSigner)
        case authorization(String)
    }

    private let method: Method

    init(_ credentials: DevoCredentials) {
        switch credentials {
        case .keySecret(let key, let secret):
            method = .signed(key: key, signer: DevoSigner(apiKey: key, apiSecret: secret))
        case .token(let token):
            method = .authorization("Bearer \(token)")
        case .jwt(let jwt):
            method = .authorization("jwt \(jwt)")
        }
    }

    /// - Parameters:
    ///   - body: the exact bytes that will be sent (empty for GET); the signature covers them.
    ///   - timestampMillis: epoch milliseconds; a fresh one for every attempt.
    func headers(body: [UInt8], timestampMillis: Int64) -> [String: String] {
        let timestamp = String(timestampMillis)
        switch method {
        case .signed(let key, let signer):
            return ["Content-Type": "application/json", "x-logtrust-timestamp": timestamp,
                    "x-logtrust-apikey": key, "x-logtrust-sign": signer.sign(body: body, timestamp: timestamp)]
        case .authorization(let value):
            return ["Content-Type": "application/json", "x-logtrust-timestamp": timestamp, "Authorization": value]
        }
    }

    static func headers(for credentials: DevoCredentials, body: [UInt8], timestampMillis: Int64) -> [String: String] {
        RequestSigner(credentials).headers(body: body, timestampMillis: timestampMillis)
    }
}
