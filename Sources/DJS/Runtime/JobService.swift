/// The seam between the language and Devo. The language calls job operations only through
/// this protocol, so the same built-ins run against the signed HTTP client, the simulator, an
/// in-memory fake in tests, or a dry-run wrapper around any of them.
///
/// Calls are synchronous: the interpreter is a plain tree walker; implementations that talk
/// HTTP block the interpreter's thread while a request is in flight.
public protocol JobService: AnyObject {
    func listJobs() throws -> [JobRecord]
    func job(id: String) throws -> JobRecord
    func stop(id: String) throws -> JobRecord
    func start(id: String) throws -> JobRecord
    func remove(id: String) throws -> JobRecord
    /// Launches a query with a destination and returns the new job's id.
    func launch(_ query: QueryLaunch) throws -> String
}

/// A job as the language sees it: its id, its status, and every field the API returned, in
/// the API's order (values already converted: `lastDatetime` is a time or null).
public struct JobRecord {
    public var id: String
    public var status: String
    public var fields: [(name: String, value: Value)]

    public init(id: String, status: String, fields: [(name: String, value: Value)]) {
        self.id = id
        self.status = status
        self.fields = fields
    }

    public func field(_ name: String) -> Value? {
        fields.first(where: { $0.name == name })?.value
    }
}

/// A job value inside the interpreter.
public final class JobRef {
    public var record: JobRecord
    public init(_ record: JobRecord) { self.record = record }
}

/// What `query(…)` asks a `JobService` to launch.
public struct QueryLaunch {
    public var query: String
    /// Epoch seconds, or a relative expression such as "1d" passed through as text.
    public var from: QueryTime
    public var to: QueryTime?
    public var destinationType: String
    public var destinationParameters: [(name: String, value: Value)]
    public var extra: [(name: String, value: Value)]

    public enum QueryTime: Equatable {
        case epochSeconds(Int)
        case text(String)
    }

    public init(query: String, from: QueryTime, to: QueryTime?, destinationType: String,
                destinationParameters: [(name: String, value: Value)], extra: [(name: String, value: Value)] = []) {
        self.query = query
        self.from = from
        self.to = to
        self.destinationType = destinationType
        self.destinationParameters = destinationParameters
        self.extra = extra
    }
}

/// A failure reported by a `JobService`, in words for people (no secrets).
public struct JobServiceError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
