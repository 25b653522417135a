/// A job to put into a running simulator directly, bypassing HTTP, so a test can start
/// from any state deterministically (``DevoSimulator/seedJob(_:)``).
public struct JobSeed: Sendable {
    /// nil: generated (UUID-shaped).
    public var id: String?
    public var status: JobStatus = .running
    public var destination = JobDestination(type: "donothing")
    /// nil: `<type>_<10 alnum>` as Devo generates.
    public var friendlyName: String?
    public var query = "from demo.ecommerce.data select *"
    /// Epoch ms; nil: one hour before the clock.
    public var from: Int64?
    /// Epoch ms; nil: a continuous query.
    public var to: Int64?
    /// Epoch ms of the last event processed; 0: none yet.
    public var lastDatetime: Int64 = 0
    public var errors: [String] = []
    public var owner: String?
    public var eventsPerDataSecond: Double = 10
    /// The query cannot run: every start ends STOPPED with this error shortly after.
    public var failOnStart: String?
    /// A one-off failure when the data position reaches this epoch ms.
    public var failAt: (position: Int64, message: String)?

    public init(id: String? = nil, status: JobStatus = .running, destination: JobDestination = JobDestination(type: "donothing"),
                friendlyName: String? = nil, query: String = "from demo.ecommerce.data select *",
                from: Int64? = nil, to: Int64? = nil, lastDatetime: Int64 = 0, errors: [String] = [],
                owner: String? = nil, eventsPerDataSecond: Double = 10, failOnStart: String? = nil,
                failAt: (position: Int64, message: String)? = nil) {
        self.id = id
        self.status = status
        self.destination = destination
        self.friendlyName = friendlyName
        self.query = query
        self.from = from
        self.to = to
        self.lastDatetime = lastDatetime
        self.errors = errors
        self.owner = owner
        self.eventsPerDataSecond = eventsPerDataSecond
        self.failOnStart = failOnStart
        self.failAt = failAt
    }
}
