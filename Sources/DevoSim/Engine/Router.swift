/// The endpoints of the job API (devo-api.md §1).
enum Route: Equatable {
    case query
    case listJobs
    case job(id: String)
    case stop(id: String)
    case start(id: String)
    case remove(id: String)
}

/// Maps a method and path to a ``Route`` by plain string comparison (no regular
/// expressions on the hot path).
///
/// - Job endpoints are GET, as the SDKs and Devo's page use them; `/search/query` is POST.
///   A known path with another method gets 405 with `Allow`.
/// - Every other path gets 404 — including `/search/jobs/{type}[/{name}]`, which the SDK
///   dropped in 6.0.0 as "not supported by API".
/// - Routing happens before authorization, so a client pointed at a wrong path learns
///   that it is the path, not its signature, that is wrong.
enum Router {
    enum Match: Equatable {
        case route(Route)
        case notFound
        case methodNotAllowed(allow: String)
    }

    static func match(method: String, path: String) -> Match {
        let route: Route
        if path == "/search/query" {
            route = .query
        } else if path == "/search/jobs" {
            route = .listJobs
        } else if let id = suffix(of: path, after: "/search/job/stop/") {
            route = .stop(id: id)
        } else if let id = suffix(of: path, after: "/search/job/start/") {
            route = .start(id: id)
        } else if let id = suffix(of: path, after: "/search/job/remove/") {
            route = .remove(id: id)
        } else if let id = suffix(of: path, after: "/search/job/") {
            route = .job(id: id)
        } else {
            return .notFound
        }
        let allowed = route == .query ? "POST" : "GET"
        return method == allowed ? .route(route) : .methodNotAllowed(allow: allowed)
    }

    /// The single path segment after `prefix`; nil if empty or if more segments follow
    /// (so `/search/job/stop` alone is not the job called "stop" — it is a 404).
    private static func suffix(of path: String, after prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard !rest.isEmpty, !rest.utf8.contains(UInt8(ascii: "/")) else { return nil }
        if prefix == "/search/job/", ["stop", "start", "remove"].contains(rest) { return nil }
        return String(rest)
    }
}
