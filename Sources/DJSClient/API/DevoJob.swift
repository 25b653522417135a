import Foundation

/// A job's status object (devo-api.md §5), as returned by every job endpoint.
///
/// Only `id` and `status` are required; every other field may be absent (stop/start/remove
/// replies carry few fields). Unknown fields are ignored, and a field of an unexpected type is
/// treated as absent rather than failing the whole reply.
public struct DevoJob: Sendable, Equatable {
    public var id: String
    public var status: DevoJobStatus
    /// Events produced by the query. Spelled as the API spells it (singular "event").
    public var eventGenerated: Int?
    /// Events delivered to the destination.
    public var eventsSent: Int?
    /// Epoch milliseconds of the last event received; nil when Devo reports 0 (none yet).
    public var lastDatetime: Int?
    /// Error texts; empty when the job is fine. A STOPPED job with errors failed.
    public var error: [String]
    /// Destination-specific data (`paths` for s3, `emailsSended` for email, …).
    public var extra: [String: JSONValue]
    /// The destination type (`s3`, `email`, …), kept as text.
    public var type: String?
    public var friendlyName: String?
    public var query: String?
    /// The job's own correlation id (not the reply's).
    public var cid: String?
    public var owner: String?
    public var table: String?
    public var domain: String?

    public init(id: String, status: DevoJobStatus, eventGenerated: Int? = nil, eventsSent: Int? = nil,
                lastDatetime: Int? = nil, error: [String] = [], extra: [String: JSONValue] = [:], type: String? = nil,
                friendlyName: String? = nil, query: String? = nil, cid: String? = nil, owner: String? = nil,
                table: String? = nil, domain: String? = nil) {
        self.id = id
        self.status = status
        self.eventGenerated = eventGenerated
        self.eventsSent = eventsSent
        self.lastDatetime = lastDatetime
        self.error = error
        self.extra = extra
        self.type = type
        self.friendlyName = friendlyName
        self.query = query
        self.cid = cid
        self.owner = owner
        self.table = table
        self.domain = domain
    }

    /// `lastDatetime` as a date.
    public var lastDate: Date? {
        lastDatetime.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// Reads a job from the JSON object Devo sends. Returns nil (with the reason) when the
    /// object lacks the fields every job must have.
    static func decode(_ value: JSONValue) -> Result<DevoJob, JobDecodingProblem> {
        guard case .object = value else { return .failure(.init(reason: "a job is \(value.typeName), not an object")) }
        guard let id = value["id"]?.stringValue, !id.isEmpty else {
            return .failure(.init(reason: "a job object has no \"id\" string"))
        }
        guard let statusText = value["status"]?.stringValue else {
            return .failure(.init(reason: "job \(id) has no \"status\" string"))
        }
        let lastDatetime = value["lastDatetime"]?.intValue
        let errors: [String]
        switch value["error"] {
        case .array(let elements)?: errors = elements.map { $0.stringValue ?? String(describing: $0) }
        case .string(let text)? where !text.isEmpty: errors = [text]
        default: errors = []
        }
        return .success(DevoJob(
            id: id,
            status: DevoJobStatus(apiValue: statusText),
            eventGenerated: value["eventGenerated"]?.intValue,
            eventsSent: value["eventsSent"]?.intValue,
            lastDatetime: lastDatetime == 0 ? nil : lastDatetime,
            error: errors,
            extra: value["extra"]?.objectValue ?? [:],
            type: value["type"]?.stringValue,
            friendlyName: value["friendlyName"]?.stringValue,
            query: value["query"]?.stringValue,
            cid: value["cid"]?.stringValue,
            owner: value["owner"]?.stringValue,
            table: value["table"]?.stringValue,
            domain: value["domain"]?.stringValue))
    }
}

struct JobDecodingProblem: Error, Equatable {
    var reason: String
}

/// A job listing: the jobs read, and the entries that were not jobs ("entry 3: job j7 has no
/// \"status\" string").
public struct DevoJobListing: Sendable, Equatable {
    public var jobs: [DevoJob] = []
    public var skipped: [String] = []

    public init(jobs: [DevoJob] = [], skipped: [String] = []) {
        self.jobs = jobs
        self.skipped = skipped
    }
}

/// What Devo answers a launch: the new job's id and, for a redis destination, the prefix of
/// the keys the job writes (`domain#hex`).
public struct DevoLaunchReply: Sendable, Equatable {
    public var id: String
    public var redisKeyBase: String?

    public init(id: String, redisKeyBase: String? = nil) {
        self.id = id
        self.redisKeyBase = redisKeyBase
    }
}
