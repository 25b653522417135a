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

    /// Applies `action` to every id and answers one outcome per id, in the order given. Every
    /// id is attempted unless `monitor.interrupt` is raised, which stops new requests (those in
    /// flight finish) and leaves the rest `.notAttempted`. The HTTP service runs up to
    /// `monitor.concurrency` requests at once; the default runs them one after another.
    func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome]

    /// True for the `--dry-run` wrapper: mutations are only described.
    var isDryRun: Bool { get }
}

extension JobService {
    public var isDryRun: Bool { false }

    /// One action on one job.
    public func perform(_ action: JobAction, id: String) throws -> JobRecord {
        switch action {
        case .refresh: try job(id: id)
        case .stop: try stop(id: id)
        case .start: try start(id: id)
        case .remove: try remove(id: id)
        }
    }

    /// One after another, for services that have no cheaper way (fakes, wrappers).
    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome] {
        var outcomes: [JobOutcome] = []
        outcomes.reserveCapacity(ids.count)
        var progress = BulkProgress(action: action, total: ids.count)
        for id in ids {
            guard !monitor.interrupt.isRaised else {
                outcomes.append(.notAttempted)
                continue
            }
            do {
                outcomes.append(.done(try perform(action, id: id)))
            } catch {
                outcomes.append(.failed("\(error)"))
                progress.failed += 1
            }
            progress.finished += 1
            monitor.report(progress)
        }
        return outcomes
    }
}

/// What `refresh`, `stop`, `start` and `remove` do to a job.
public enum JobAction: String, Sendable, CaseIterable {
    case refresh, stop, start, remove

    public var isMutating: Bool { self != .refresh }

    /// The request the action sends (what `--dry-run` shows): all four are GETs (devo-api.md §3).
    public func request(id: String) -> String {
        switch self {
        case .refresh: "GET /search/job/\(id)"
        default: "GET /search/job/\(rawValue)/\(id)"
        }
    }

    /// "stopped", "started", … for accounts of what a bulk call did.
    public var pastTense: String {
        switch self {
        case .refresh: "read"
        case .stop: "stopped"
        case .start: "started"
        case .remove: "removed"
        }
    }
}

/// What happened to one job of a bulk call.
public enum JobOutcome {
    case done(JobRecord)
    case failed(String)
    /// Ctrl-C arrived before its request was sent.
    case notAttempted
}

/// How far a bulk call has got, for the progress line.
public struct BulkProgress: Sendable {
    public var action: JobAction
    public var total: Int
    public var finished = 0
    public var failed = 0

    public init(action: JobAction, total: Int, finished: Int = 0, failed: Int = 0) {
        self.action = action
        self.total = total
        self.finished = finished
        self.failed = failed
    }
}

/// What a bulk call is allowed and told: how many requests may be in flight, the Ctrl-C
/// flag, and where progress goes (the terminal's progress line, or nowhere).
public struct BulkMonitor {
    public var concurrency: Int
    public var interrupt: InterruptFlag
    public var report: (BulkProgress) -> Void

    public init(concurrency: Int, interrupt: InterruptFlag, report: @escaping (BulkProgress) -> Void = { _ in }) {
        self.concurrency = max(1, concurrency)
        self.interrupt = interrupt
        self.report = report
    }
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
        if let value = fields.first(where: { $0.name == name })?.value { return value }
        switch name {
        case "id": return .string(id)
        case "status": return .string(status)
        default: return nil
        }
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
