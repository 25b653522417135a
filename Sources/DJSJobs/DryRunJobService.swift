import DJS
import DJSClient

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

    /// A read goes to Devo (or answers a placeholder); a change is described, and the job
    /// returned as it is now.
    public func perform(_ action: JobAction, id: String) throws -> JobRecord {
        let current = try placeholders[id] ?? base.perform(.refresh, id: id)
        if action.isMutating { describe(action, current) }
        return current
    }

    /// A launch the client would refuse before sending (Devo's destination rules, an empty
    /// query, …) fails here with the client's message, so the plan never shows a launch
    /// that the real run could not make.
    public func launch(_ query: QueryLaunch) throws -> String {
        let problems = try JobRecordConversion.request(query).validationProblems()
        guard problems.isEmpty else {
            throw JobServiceError(DevoError.invalidRequest(problems.joined(separator: "; ")).description)
        }
        let id = "dry-run-\(placeholders.count + 1)"
        placeholders[id] = DryRunJobService.placeholder(id: id, for: query)
        say("dry-run: would launch a \(query.destinationType) query job: \(DevoQueryRequest.method) \(DevoQueryRequest.path) \(Value.quoted(query.query))")
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

    private func describe(_ action: JobAction, _ record: JobRecord) {
        say("dry-run: would \(action.rawValue) job \(record.id) (\(record.status)): \(Self.request(action, id: record.id))")
    }

    /// The request `action` on `id` would send, as a plan shows it: `GET /search/job/stop/ID`
    /// (the client's own `DevoJobAction`).
    public static func request(_ action: JobAction, id: String) -> String {
        JobRecordConversion.action(action).request(id: id)
    }

    private func say(_ line: String) {
        notices(line + "\n")
    }

    /// The stand-in for a job the query would have created: every field a job has, with the
    /// values a job has before it ran (nothing generated or sent, no last event, no error).
    static func placeholder(id: String, for query: QueryLaunch) -> JobRecord {
        let name = query.destinationParameters.first { $0.name == "friendlyName" }?.value ?? .null
        func value(_ field: JobField) -> Value {
            switch field {
            case .id: .string(id)
            case .status: .string("NOT_LAUNCHED")
            case .friendlyName: name
            case .type: .string(query.destinationType)
            case .query: .string(query.query)
            case .eventGenerated, .eventsSent: .int(0)
            case .error: .list(ListRef([]))
            case .extra: .map(MapRef())
            case .table, .owner, .domain, .lastDatetime, .cid: .null
            }
        }
        return JobRecord(id: id, status: "NOT_LAUNCHED", fields: JobField.allCases.map { ($0.rawValue, value($0)) })
    }
}
