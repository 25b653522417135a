/// Every status value Devo documents (devo-api.md §5). The simulator's lifecycle uses
/// CREATED, RUNNING, COMPLETED, STOPPED and REMOVED; PAUSED and RECONNECTING are internal
/// server states that only appear if a test seeds them.
public enum JobStatus: String, Sendable, CaseIterable {
    case created = "CREATED"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case stopped = "STOPPED"
    case reconnecting = "RECONNECTING"
    case removed = "REMOVED"
    case paused = "PAUSED"
}

/// Where a query job sends its rows: `type` as sent in `destination.type`, `params` as sent
/// (non-string values kept as their JSON text).
public struct JobDestination: Sendable, Equatable {
    public var type: String
    public var params: [String: String]

    public init(type: String, params: [String: String] = [:]) {
        self.type = type
        self.params = params
    }
}

/// A failure the job will run into, decided when the job is created.
enum PlannedFailure: Sendable, Equatable {
    /// The query cannot run at all (unknown table): fails shortly after every start.
    case atStart(message: String)
    /// A one-off failure when the data position reaches `position` (epoch ms); a restart
    /// resumes past it.
    case atPosition(Int64, message: String)
}

/// One job as stored. Progress is not stored tick by tick: a job keeps when its current
/// status began (`statusSince`) and, if running, the data position it started from
/// (`startPosition`); ``JobLifecycle`` derives its state at any later time from the clock
/// and the speed. Reads therefore never need to mutate anything.
struct Job: Sendable {
    let id: String
    let cid: String
    let owner: String
    let domain: String
    let destination: JobDestination
    let friendlyName: String
    let query: String
    let table: String
    /// Data range in epoch milliseconds; `to == nil` is a continuous query.
    let from: Int64
    let to: Int64?
    /// Events produced per second of data: the job's "size", so event counters grow with
    /// the data position.
    let eventsPerDataSecond: Double
    /// Creation order, so listings are stable.
    let sequence: Int
    /// The JSON members that never change (`"type":…` through `"domain":…`), encoded once
    /// when the job is stored so that listing many jobs does not re-escape them every time.
    var encodedIdentity: [UInt8] = []

    var status: JobStatus
    /// Clock time (epoch ms) at which the current status began.
    var statusSince: Int64
    /// Data position (epoch ms) a RUNNING job started or resumed from.
    var startPosition: Int64
    /// Epoch ms of the last event processed, 0 when none (Devo's convention).
    var lastDatetime: Int64
    var errors: [String]
    var failure: PlannedFailure?

    /// `eventGenerated` as Devo spells it: events produced between `from` and `lastDatetime`.
    var eventGenerated: Int64 {
        guard lastDatetime > from else { return 0 }
        let events = Double(lastDatetime - from) / 1000 * eventsPerDataSecond
        // Clamped before the conversion: an absurd rate must not trap.
        guard events.isFinite, events > 0 else { return 0 }
        return Int64(min(events, 1e15))
    }

    /// Events delivered; the simulator delivers everything it generates.
    var eventsSent: Int64 { eventGenerated }
}

/// A read-only copy of a job for tests and tools, at the moment it was taken.
public struct JobSnapshot: Sendable, Equatable {
    public let id: String
    public let status: JobStatus
    public let friendlyName: String
    public let type: String
    public let query: String
    public let table: String
    public let owner: String
    public let from: Int64
    public let to: Int64?
    public let lastDatetime: Int64
    public let eventGenerated: Int64
    public let eventsSent: Int64
    public let errors: [String]

    init(_ job: Job) {
        id = job.id
        status = job.status
        friendlyName = job.friendlyName
        type = job.destination.type
        query = job.query
        table = job.table
        owner = job.owner
        from = job.from
        to = job.to
        lastDatetime = job.lastDatetime
        eventGenerated = job.eventGenerated
        eventsSent = job.eventsSent
        errors = job.errors
    }
}
