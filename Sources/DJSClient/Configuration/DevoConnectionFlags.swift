/// The connection options given on djs's command line. Every field is optional; what is not
/// given here comes from the environment or a config file (see `DevoConfigurationResolver`).
///
/// Printing it never shows the secret, token or JWT.
public struct DevoConnectionFlags: Sendable, Equatable {
    /// `--address URL`: a base, a `/search` URL or a `/search/query` URL.
    public var address: String?
    /// `--region us|ca|eu|es|apac`.
    public var region: String?
    public var key: String?
    public var secret: String?
    public var token: String?
    public var jwt: String?
    /// `--profile NAME`: a profile of djs's config file.
    public var profile: String?
    /// `--config FILE`: read this file instead of the default ones.
    public var configFile: String?
    public var retries: Int?
    /// Seconds.
    public var timeout: Double?
    /// `--cacert FILE`: CA certificates to verify Devo's certificate against.
    public var caFile: String?

    public init(address: String? = nil, region: String? = nil, key: String? = nil, secret: String? = nil,
                token: String? = nil, jwt: String? = nil, profile: String? = nil, configFile: String? = nil,
                retries: Int? = nil, timeout: Double? = nil, caFile: String? = nil) {
        self.caFile = caFile
        self.address = address
        self.region = region
        self.key = key
        self.secret = secret
        self.token = token
        self.jwt = jwt
        self.profile = profile
        self.configFile = configFile
        self.retries = retries
        self.timeout = timeout
    }
}

extension DevoConnectionFlags: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var parts: [String] = []
        if let address { parts.append("address: \(address)") }
        if let region { parts.append("region: \(region)") }
        if let key { parts.append("key: \(Redaction.hint(key))") }
        if secret != nil { parts.append("secret: \(Redaction.hidden)") }
        if token != nil { parts.append("token: \(Redaction.hidden)") }
        if jwt != nil { parts.append("jwt: \(Redaction.hidden)") }
        if let profile { parts.append("profile: \(profile)") }
        if let configFile { parts.append("configFile: \(configFile)") }
        if let retries { parts.append("retries: \(retries)") }
        if let timeout { parts.append("timeout: \(timeout)") }
        if let caFile { parts.append("caFile: \(caFile)") }
        return "DevoConnectionFlags(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": description], displayStyle: .struct)
    }
}
