/// How the client reaches Devo beyond the address: which certificate authorities it trusts
/// and which proxy it goes through.
///
/// Resolved by `DevoConfigurationResolver` from `--cacert`, `DEVO_API_CACERT`, the SDK's
/// `"verify": "/path/to/ca.pem"`, and the usual `HTTPS_PROXY`/`https_proxy` and
/// `NO_PROXY`/`no_proxy`. `CurlTransport` (the default) honours every field;
/// `URLSessionTransport` honours none of them (Foundation on Linux has no per-session
/// option for a CA file or a proxy).
public struct DevoNetworkSettings: Sendable, Equatable {
    /// A PEM file of CA certificates to verify Devo's certificate against instead of the
    /// system's (a private CA in front of Devo). Verification itself is never turned off.
    public var caFile: String?
    /// `http://host:port` of a proxy; https requests tunnel through it with CONNECT.
    public var proxy: String?
    /// Hosts reached without the proxy: comma-separated names, domains (`.example.com`), or `*`.
    public var noProxy: String?

    public init(caFile: String? = nil, proxy: String? = nil, noProxy: String? = nil) {
        self.caFile = caFile
        self.proxy = proxy
        self.noProxy = noProxy
    }
}
