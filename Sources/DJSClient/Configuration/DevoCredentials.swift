/// How djs proves who it is to Devo (devo-api.md §2).
///
/// Printing a value of this type (`description`, `debugDescription`, string interpolation,
/// `dump`) never shows the secret, token or JWT; tests check this.
public enum DevoCredentials: Sendable, Equatable {
    /// API key + secret: every request is signed with HMAC-SHA256 (`x-logtrust-*` headers).
    case keySecret(key: String, secret: String)
    /// An OAuth / API token, sent as `Authorization: Bearer <token>`.
    case token(String)
    /// A JWT, sent as `Authorization: jwt <token>`.
    case jwt(String)

    /// Picks the credentials to use when several kinds are configured in one place, with the
    /// official Python SDK's precedence: key and secret, then token, then JWT.
    /// Returns nil when nothing usable is given; a key without a secret (or the reverse) is
    /// not usable and falls through to token/JWT, as in the SDK.
    public static func preferred(key: String?, secret: String?, token: String?, jwt: String?) -> DevoCredentials? {
        if let key, let secret, !key.isEmpty, !secret.isEmpty { return .keySecret(key: key, secret: secret) }
        if let token, !token.isEmpty { return .token(token) }
        if let jwt, !jwt.isEmpty { return .jwt(jwt) }
        return nil
    }

    /// A short name of the method, for messages: "key+secret", "token" or "jwt".
    public var methodName: String {
        switch self {
        case .keySecret: return "key+secret"
        case .token: return "token"
        case .jwt: return "jwt"
        }
    }
}

extension DevoCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .keySecret(let key, _): return "key+secret(key=\(Redaction.hint(key)))"
        case .token: return "token(\(Redaction.hidden))"
        case .jwt: return "jwt(\(Redaction.hidden))"
        }
    }

    public var debugDescription: String { description }

    /// `dump()` and debuggers walk the mirror; without this they would print the secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": description], displayStyle: .enum)
    }
}
