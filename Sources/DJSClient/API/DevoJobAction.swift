/// A call on one job, with what Devo's API says about it: the path of its GET and the
/// statuses the job is in once it is done (<doc:DevoQueryAPI#Endpoints>). The one place
/// these are written: the client sends from it, reads a job back after an action that got
/// no usable answer against it, and the dry-run plan describes the request from it.
public enum DevoJobAction: String, Sendable, CaseIterable {
    /// `GET /search/job/{id}`: the job as it is.
    case read
    /// `GET /search/job/stop/{id}`: the job after stopping it.
    case stop
    /// `GET /search/job/start/{id}`: the job after (re)starting it from its `lastDatetime`.
    case start
    /// `GET /search/job/remove/{id}`: the job after removing it.
    case remove

    /// Every job call is a GET with no body.
    public static let method = "GET"

    /// The path of the request, with `id` as it is to appear in it (the client
    /// percent-encodes the id first; a plan shows it as it is).
    public func path(id: String) -> String {
        self == .read ? "/search/job/\(id)" : "/search/job/\(rawValue)/\(id)"
    }

    /// The request as a person reads it: `GET /search/job/stop/ID`.
    public func request(id: String) -> String { "\(Self.method) \(path(id: id))" }

    /// Its name in messages: "get job", "stop job", …
    var operation: String { self == .read ? "get job" : "\(rawValue) job" }

    /// The statuses a job is in once the action is done; nil for a read, which changes
    /// nothing. (A COMPLETED job answers every action unchanged, and says so in the reply.)
    var reachedStatuses: Set<String>? {
        switch self {
        case .read: nil
        case .stop: ["STOPPED"]
        case .start: ["RUNNING", "CREATED"]
        case .remove: ["REMOVED"]
        }
    }
}
