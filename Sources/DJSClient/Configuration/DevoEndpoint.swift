import Foundation

/// The Devo regions with their documented Query API hosts (devo-api.md §1).
public enum DevoRegion: String, Sendable, CaseIterable {
    case us, ca, eu, es, apac

    /// Note APAC's host is `api-apac`, not `apiv2-apac`.
    public var host: String {
        switch self {
        case .us: return "apiv2-us.devo.com"
        case .ca: return "apiv2-ca.devo.com"
        case .eu: return "apiv2-eu.devo.com"
        case .es: return "apiv2-es.devo.com"
        case .apac: return "api-apac.devo.com"
        }
    }

    /// Parses a region name case-insensitively; the error lists the valid names.
    public static func named(_ name: String) throws(DevoError) -> DevoRegion {
        guard let region = DevoRegion(rawValue: name.lowercased()) else {
            let valid = allCases.map(\.rawValue).joined(separator: "|")
            throw .configuration("unknown region '\(name)': expected one of \(valid)")
        }
        return region
    }
}

/// Where the Query API lives: a scheme, host and optional port, with no path.
/// Request paths (`/search/...`) are appended to it.
///
/// Accepted addresses, all normalised to the base:
/// - a base: `https://apiv2-eu.devo.com`
/// - the `/search` URL: `https://apiv2-eu.devo.com/search`
/// - the SDK's query URL: `https://apiv2-eu.devo.com/search/query`
/// - a bare host (`apiv2-eu.devo.com`), taken as https.
///
/// HTTPS is required, except for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) where
/// plain http is allowed so that djs can talk to its local simulator. Any other path, a
/// query string, a fragment or user:password in the URL is an error.
public struct DevoEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// `scheme://host[:port]`, without a trailing slash.
    public let baseURL: String

    public init(address: String) throws(DevoError) {
        var text = address.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw .configuration("the Devo API address is empty") }
        if !text.contains("://") { text = "https://" + text }

        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let rawHost = components.host, !rawHost.isEmpty
        else { throw .configuration("'\(address)' is not a valid Devo API address (expected e.g. https://apiv2-eu.devo.com)") }

        // user:password@ would put a secret into logs and errors; do not echo the address.
        guard components.user == nil, components.password == nil else {
            throw .configuration("the Devo API address must not contain a user name or password; give credentials with --key/--secret or --token instead")
        }
        guard components.query == nil, components.fragment == nil else {
            // Not echoed: people paste URLs with `?token=…` or `#access_token=…` in them.
            throw .configuration("the Devo API address must not have a query string or fragment (give e.g. https://apiv2-eu.devo.com)")
        }
        let path = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        guard ["", "/search", "/search/query"].contains(path) else {
            throw .configuration("the Devo API address '\(address)' has the path '\(components.path)'; give the base (https://apiv2-eu.devo.com), its /search URL or its /search/query URL")
        }

        let host = rawHost.lowercased()
        switch scheme {
        case "https": break
        case "http":
            guard DevoEndpoint.isLoopback(host: host) else {
                throw .configuration("the Devo API address '\(address)' uses http; https is required (http is only allowed for loopback addresses such as the local simulator)")
            }
        default:
            throw .configuration("the Devo API address '\(address)' uses the scheme '\(scheme)'; use https")
        }

        // IPv6 literals need their brackets back in a URL.
        let hostInURL = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let port = components.port.map { ":\($0)" } ?? ""
        baseURL = "\(scheme)://\(hostInURL)\(port)"
    }

    public init(region: DevoRegion) {
        baseURL = "https://\(region.host)"
    }

    /// The full URL for a request path such as `/search/jobs` (already percent-encoded).
    public func url(path: String) -> URL {
        // The base was validated and the path is built from percent-encoded parts, so this
        // cannot fail; a failure would be a bug in this file.
        guard let url = URL(string: baseURL + path) else { preconditionFailure("invalid request URL for path \(path)") }
        return url
    }

    /// Whether the URL is plain http (only ever on loopback).
    public var isPlainHTTP: Bool { baseURL.hasPrefix("http://") }

    public var description: String { baseURL }

    /// `localhost`, any 127.x.y.z and `::1`: addresses that never leave this machine, so
    /// unencrypted traffic to them cannot be read by anyone else on the network.
    static func isLoopback(host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
