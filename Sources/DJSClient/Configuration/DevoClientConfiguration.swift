/// Everything a `DevoClient` needs. Build it directly, or from flags, environment and
/// config files with `DevoConfigurationResolver`.
///
/// Printing it never shows the credentials' secret parts.
public struct DevoClientConfiguration: Sendable {
    public static let defaultRetries = 3
    public static let defaultTimeout = 30.0
    public static let defaultRetryBaseDelay = 0.5
    public static let defaultMaxRetryDelay = 30.0
    public static let defaultMaxConcurrentConnections = 8

    public var endpoint: DevoEndpoint
    public var credentials: DevoCredentials
    /// Extra attempts after the first, for requests that may be retried (see `DevoClient`).
    public var retries: Int
    /// Seconds to wait for each reply.
    public var timeout: Double
    /// The first retry waits about this many seconds; each further retry doubles it.
    public var retryBaseDelay: Double
    /// No wait between attempts is longer than this, even when the server's `Retry-After` asks for more.
    public var maxRetryDelay: Double
    /// Requests that may run in parallel on separate connections (for bulk operations).
    public var maxConcurrentConnections: Int
    /// The audit pragmas added to every launched query's text (`DEVO_API_USER` and
    /// `DEVO_API_COMMENT` when resolved from the environment).
    public var pragmas = DevoQueryPragmas()
    /// How TLS peers are verified and whether requests go through a proxy.
    public var network = DevoNetworkSettings()
    /// Receives one line per attempt in verbose mode; nil for silence. Lines never contain secrets.
    public var log: (@Sendable (String) -> Void)?

    public init(endpoint: DevoEndpoint, credentials: DevoCredentials,
                retries: Int = DevoClientConfiguration.defaultRetries,
                timeout: Double = DevoClientConfiguration.defaultTimeout,
                retryBaseDelay: Double = DevoClientConfiguration.defaultRetryBaseDelay,
                maxRetryDelay: Double = DevoClientConfiguration.defaultMaxRetryDelay,
                maxConcurrentConnections: Int = DevoClientConfiguration.defaultMaxConcurrentConnections,
                log: (@Sendable (String) -> Void)? = nil) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.retries = retries
        self.timeout = timeout
        self.retryBaseDelay = retryBaseDelay
        self.maxRetryDelay = maxRetryDelay
        self.maxConcurrentConnections = maxConcurrentConnections
        self.log = log
    }
}

extension DevoClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "DevoClientConfiguration(endpoint: \(endpoint), credentials: \(credentials), retries: \(retries), "
            + "timeout: \(formatSeconds(timeout)) s, retryBaseDelay: \(retryBaseDelay) s, "
            + "maxConcurrentConnections: \(maxConcurrentConnections), verbose: \(log != nil))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": description], displayStyle: .struct)
    }
}
