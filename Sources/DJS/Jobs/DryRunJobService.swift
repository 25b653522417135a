/// `--dry-run` and `:dry-run on`: reads go to Devo so that the plan is real; every change is
/// written out instead of sent (the request, the job id and its current status; never a
/// secret) and the job is returned as it is now.
///
/// Plan lines are notices, not data: each starts with "dry-run:" and goes to `notices`
/// (standard error in the CLI, after what the program printed so far), so that standard
/// output stays the script's data, JSON only in the JSON formats. A launched query gets a
/// placeholder id, "dry-run-1", …, whose status is "NOT_LAUNCHED" and which has every job
/// field, so a script reads it as it would read the real job.
public final class DryRunJobService: JobService {
    public let base: JobService
    private let notices: (String) -> Void
    private var placeholders: [String: JobRecord] = [:]

    /// `notices` receives each plan line, with its newline.
    public init(wrapping base: JobService, notices: @escaping (String) -> Void) {
        self.base = base
        self.notices = notices
    }

    public var isDryRun: Bool { true }

    public func listJobs() throws -> [JobRecord] { try base.listJobs() }
    public func listing() throws -> JobListing { try base.listing() }

    public func job(id: String) throws -> JobRecord {
        if let placeholder = placeholders[id] { return placeholder }
        return try base.job(id: id)
    }

    public func stop(id: String) throws -> JobRecord { try plan(.stop, id: id) }
    public func start(id: String) throws -> JobRecord { try plan(.start, id: id) }
    public func remove(id: String) throws -> JobRecord { try plan(.remove, id: id) }

    public func launch(_ query: QueryLaunch) throws -> String {
        let id = "dry-run-\(placeholders.count + 1)"
        placeholders[id] = DryRunJobService.placeholder(id: id, for: query)
        say("dry-run: would launch a \(query.destinationType) query job: POST /search/query \(Value.quoted(query.query))")
        return id
    }

    /// The jobs are read (concurrently, through the real service) and each planned change is
    /// written out; a job that cannot be read fails as the real call would.
    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome] {
        let outcomes = zip(ids, base.performAll(.refresh, ids: ids, monitor: monitor)).map { id, outcome in
            if let placeholder = placeholders[id] { return JobOutcome.done(placeholder) }
            return outcome
        }
        guard action.isMutating else { return outcomes }
        var planned = 0
        for outcome in outcomes {
            if case .done(let record) = outcome {
                describe(action, record)
                planned += 1
            }
        }
        say("dry-run: would \(action.rawValue) \(planned) of \(ids.count) jobs; nothing was changed")
        return outcomes
    }

    private func plan(_ action: JobAction, id: String) throws -> JobRecord {
        let current = try job(id: id)
        describe(action, current)
        return current
    }

    private func describe(_ action: JobAction, _ record: JobRecord) {
        say("dry-run: would \(action.rawValue) job \(record.id) (\(record.status)): \(action.request(id: record.id))")
    }

    private func say(_ line: String) {
        notices(line + "\n")
    }

    /// The stand-in for a job the query would have created: every field a job has, with the
    /// values a job has before it ran (nothing generated or sent, no last event, no error).
    static func placeholder(id: String, for query: QueryLaunch) -> JobRecord {
        let name = query.destinationParameters.first { $0.name == "friendlyName" }?.value ?? .null
        let values: [String: Value] = [
            "id": .string(id), "status": .string("NOT_LAUNCHED"), "friendlyName": name,
            "type": .string(query.destinationType), "query": .string(query.query),
            "eventGenerated": .int(0), "eventsSent": .int(0), "error": .list(ListRef([])),
            "extra": .map(MapRef()),
        ]
        return JobRecord(id: id, status: "NOT_LAUNCHED",
                         fields: JobFields.known.map { ($0, values[$0] ?? .null) })
    }
}
