/// `refresh`, `stop`, `start` and `remove` over one job or a list of them.
///
/// A list is the fast path: the service runs its requests concurrently (`--concurrency`).
/// Every job is attempted, and nothing fails silently: if any job failed, one error lists
/// which and why (a `try` can read the per-job results from it); if Ctrl-C stopped the call,
/// the interrupt says what was done and what was not.
enum JobActions {
    static func apply(_ action: JobAction, _ arguments: Arguments) throws -> Value {
        let service = try arguments.jobService()
        let (ids, isList) = try targets(arguments[0], arguments)
        if !isList {
            return .job(JobRef(try service.perform(action, id: ids[0])))
        }
        if ids.isEmpty { return .list(ListRef([])) }
        let options = arguments.interpreter.jobOptions
        if action.isMutating, ids.count > 1, !service.isDryRun, let confirm = options.confirm {
            let sample = sampleLines(arguments[0])
            guard confirm(BulkConfirmation(action: action, count: ids.count, sample: sample)) else {
                throw arguments.error("cancelled; no job was \(action.pastTense)")
            }
        }
        let monitor = BulkMonitor(concurrency: options.concurrency, interrupt: arguments.interpreter.interrupt,
                                  report: { options.progress?.show($0) })
        let outcomes = service.performAll(action, ids: ids, monitor: monitor)
        options.progress?.clear()
        return try account(outcomes, ids: ids, action: action, arguments)
    }

    /// The ids named by a job, an id string, or a list of those.
    static func targets(_ value: Value, _ arguments: Arguments) throws -> (ids: [String], isList: Bool) {
        func id(_ item: Value) throws -> String {
            switch item {
            case .job(let job): return job.record.id
            case .string(let id): return id
            default: throw arguments.error("expects a job, a job id or a list of them, got \(item.typeName)")
            }
        }
        if case .list(let list) = value { return (try list.items.map(id), true) }
        return ([try id(value)], false)
    }

    /// The jobs after the action, or one error that accounts for every job.
    static func account(_ outcomes: [JobOutcome], ids: [String], action: JobAction,
                        _ arguments: Arguments) throws -> Value {
        var done: [Value] = []
        var failures: [(id: String, message: String)] = []
        var notAttempted: [String] = []
        for (id, outcome) in zip(ids, outcomes) {
            switch outcome {
            case .done(let record): done.append(.job(JobRef(record)))
            case .failed(let message): failures.append((id, message))
            case .notAttempted: notAttempted.append(id)
            }
        }
        // Client messages usually name the job already ("stop job ID: …").
        let failureNotes = failures.prefix(10).map { $0.message.contains($0.id) ? $0.message : "\($0.id): \($0.message)" }
            + (failures.count > 10 ? ["… and \(failures.count - 10) more failures"] : [])
        let verb = arguments.function
        if !notAttempted.isEmpty {
            let sample = notAttempted.prefix(5).joined(separator: ", ") + (notAttempted.count > 5 ? ", …" : "")
            throw Interrupted(location: arguments.location,
                              message: "\(verb)(): interrupted: \(done.count) of \(ids.count) jobs \(action.pastTense), "
                                  + "\(failures.count) failed, \(notAttempted.count) not attempted",
                              notes: failureNotes + ["not attempted: \(sample)"])
        }
        guard failures.isEmpty else {
            var error = RuntimeError("\(verb)(): \(failures.count) of \(ids.count) jobs failed (\(done.count) \(action.pastTense))",
                                     at: arguments.location, notes: failureNotes)
            error.details = [
                ("failed", .list(ListRef(failures.map { .map(MapRef([("id", .string($0.id)), ("error", .string($0.message))])) }))),
                ("succeeded", .list(ListRef(done))),
            ]
            throw error
        }
        return .list(ListRef(done))
    }

    /// Up to five "id (STATUS)" lines for a confirmation prompt.
    private static func sampleLines(_ value: Value) -> [String] {
        guard case .list(let list) = value else { return [] }
        return list.items.prefix(5).map { item in
            if case .job(let job) = item { return "\(job.record.id) (\(job.record.status))" }
            return item.displayText
        }
    }
}
