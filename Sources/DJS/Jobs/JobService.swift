/// The seam between the language and Devo. The language calls job operations only through
/// this protocol, so the same built-ins run against the signed HTTP client, the simulator, an
/// in-memory fake in tests, or a dry-run wrapper around any of them.
///
/// Calls are synchronous: the interpreter runs on one thread; implementations that talk
/// HTTP block that thread while a request is in flight.
public protocol JobService: AnyObject {
    func listJobs() throws -> [JobRecord]
    /// The listing with the entries that could not be read; the default has none.
    func listing() throws -> JobListing
    /// One action on one job: the job after it (`.refresh`: the job as it is now).
    func perform(_ action: JobAction, id: String) throws -> JobRecord
    /// Launches a query with a destination and returns the new job's id.
    func launch(_ query: QueryLaunch) throws -> String

    /// Applies `action` to every id and answers one outcome per id, in the order given. Every
    /// id is attempted unless `monitor.interrupt` is raised, which stops new requests (those in
    /// flight finish) and leaves the rest `.notAttempted`. The HTTP service paces its requests
    /// (never more than `monitor.concurrency` at once nor `monitor.rate` a second); the
    /// default runs them one after another.
    func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome]

    /// True for the `--dry-run` wrapper: mutations are only described.
    var isDryRun: Bool { get }
}

extension JobService {
    public var isDryRun: Bool { false }

    public func listing() throws -> JobListing { JobListing(jobs: try listJobs()) }

    /// One after another, for services that have no cheaper way (fakes, wrappers).
    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome] {
        var outcomes: [JobOutcome] = []
        outcomes.reserveCapacity(ids.count)
        var progress = BulkProgress(action: action, total: ids.count)
        for (index, id) in ids.enumerated() {
            guard !monitor.interrupt.isRaised else {
                outcomes.append(.notAttempted)
                continue
            }
            do {
                let record = try perform(action, id: id)
                outcomes.append(.done(record))
                monitor.settled?(index, .done(status: record.status))
            } catch {
                outcomes.append(.failed("\(error)"))
                monitor.settled?(index, .failed("\(error)"))
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
    /// Requests out right now, when the service paces them (nil otherwise).
    public var inFlight: Int?
    /// Waiting out a server's `Retry-After`.
    public var paused = false

    public init(action: JobAction, total: Int, finished: Int = 0, failed: Int = 0) {
        self.action = action
        self.total = total
        self.finished = finished
        self.failed = failed
    }
}

/// What a bulk call is allowed and told: how many requests may be in flight at most, how
/// many may be sent a second, the Ctrl-C flag, where progress goes (the terminal's progress
/// line, or nowhere) and who hears of each job's outcome as it arrives (the journal).
public struct BulkMonitor {
    /// The most requests in flight; the HTTP service finds its pace below it.
    public var concurrency: Int
    /// The most requests sent per second (`--rate`), nil for no limit.
    public var rate: Double?
    public var interrupt: InterruptFlag
    /// Called on the caller's thread while the call runs (and once at its end).
    public var report: (BulkProgress) -> Void
    /// Told each job's outcome as soon as its answer arrives, with the job's index in `ids`.
    /// Called from whichever thread received the answer, so it must be quick and safe to
    /// call from several threads at once.
    public var settled: (@Sendable (_ index: Int, _ outcome: SettledJob) -> Void)?

    public init(concurrency: Int, rate: Double? = nil, interrupt: InterruptFlag,
                report: @escaping (BulkProgress) -> Void = { _ in },
                settled: (@Sendable (_ index: Int, _ outcome: SettledJob) -> Void)? = nil) {
        self.concurrency = max(1, concurrency)
        self.rate = rate
        self.interrupt = interrupt
        self.report = report
        self.settled = settled
    }
}

/// One job's answer inside a bulk call, as `BulkMonitor.settled` hears it: plain values, so
/// that it can cross threads.
public enum SettledJob: Sendable, Equatable {
    /// The action was answered; the job's status in the answer.
    case done(status: String)
    case failed(String)
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

/// What `query(…)` asks a `JobService` to launch: the body fields of Devo's query request.
public struct QueryLaunch {
    /// The LINQ text; empty when `queryId` names a saved query instead.
    public var query: String
    /// The id of a query saved in Devo, sent in place of the text.
    public var queryId: String?
    /// Epoch seconds, or Devo date-language text such as "1d" or "now()-2*day()", passed through.
    public var from: QueryTime
    public var to: QueryTime?
    public var destinationType: String
    public var destinationParameters: [(name: String, value: Value)]
    /// Rows to deliver at most, and rows to skip first.
    public var limit: Int?
    public var offset: Int?
    /// Devo's time zone for day boundaries in `from`/`to` text, e.g. "GMT+2".
    public var timeZone: String?
    public var ipAsString = false
    /// The `comment.free` audit pragma of this query.
    public var comment: String?

    public enum QueryTime: Equatable {
        case epochSeconds(Int)
        case text(String)
    }

    public init(query: String, from: QueryTime, to: QueryTime?, destinationType: String,
                destinationParameters: [(name: String, value: Value)]) {
        self.query = query
        self.from = from
        self.to = to
        self.destinationType = destinationType
        self.destinationParameters = destinationParameters
    }
}

/// A listing of jobs and the entries of it that could not be read, each with the reason
/// ("entry 3: job j7 has no \"status\" string").
public struct JobListing {
    public var jobs: [JobRecord]
    public var skipped: [String]

    public init(jobs: [JobRecord], skipped: [String] = []) {
        self.jobs = jobs
        self.skipped = skipped
    }
}

/// A failure reported by a `JobService`, in words for people (no secrets).
public struct JobServiceError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
