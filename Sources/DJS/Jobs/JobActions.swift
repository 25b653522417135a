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
        let known = knownRecords(arguments[0])
        if !isList {
            return .job(JobRef(merge(try service.perform(action, id: ids[0]), into: known[0], for: action)))
        }
        if ids.isEmpty { return .list(ListRef([])) }
        let options = arguments.interpreter.jobOptions
        if action.isMutating, ids.count > 1, !service.isDryRun, let confirm = options.confirm {
            let sample = sampleLines(arguments[0])
            guard confirm(BulkConfirmation(action: action, count: ids.count, sample: sample)) else {
                throw arguments.error("cancelled; no job was \(action.pastTense)")
            }
        }
        let monitor = BulkMonitor(concurrency: options.concurrency, rate: options.rate,
                                  interrupt: arguments.interpreter.interrupt, report: { options.progress?.show($0) })
        let outcomes = zip(service.performAll(action, ids: ids, monitor: monitor), known).map { outcome, record in
            if case .done(let reply) = outcome { return JobOutcome.done(merge(reply, into: record, for: action)) }
            return outcome
        }
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
        if !failures.isEmpty || !notAttempted.isEmpty { try printActedOn(done, arguments) }
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
                ("failed", .list(ListRef(failures.map {
                    .map(MapRef([("id", .string($0.id)), ("error", .string(reason($0.message, id: $0.id)))]))
                }))),
                ("succeeded", .list(ListRef(done))),
            ]
            throw error
        }
        return .list(ListRef(done))
    }

    /// With `JobOptions.printsActedOnJobsOnFailure`: the jobs a failing bulk call did act on,
    /// in the output format as the job subcommands show jobs, before its error.
    private static func printActedOn(_ done: [Value], _ arguments: Arguments) throws {
        let interpreter = arguments.interpreter
        guard interpreter.jobOptions.printsActedOnJobsOnFailure, let jobs = ValueRenderer.jobList(.list(ListRef(done))) else { return }
        let format = interpreter.outputFormat
        let table = try Table.jobs(jobs, columns: Table.jobColumns, at: arguments.location)
        do throws(JSONError) {
            // As the subcommands show jobs: every field in json, the job columns otherwise.
            let text = format.isJSON ? try ValueRenderer.printed(.list(ListRef(done)), as: format)
                                     : try ValueRenderer.table(table, as: format, width: interpreter.tableWidth())
            if !text.isEmpty { interpreter.output.write(text + "\n") }
        } catch {
            throw arguments.error("cannot print the jobs as \(interpreter.outputFormat.rawValue): \(error.message)")
        }
        try interpreter.output.check()
    }

    /// A failure's message without the job named again (it sits next to its `id`): the client
    /// says "stop job ID: job ID not found: Task not found (…)", the reason is "not found: Task
    /// not found (…)".
    static func reason(_ message: String, id: String) -> String {
        var reason = Substring(message)
        if let named = reason.range(of: "\(id): ") { reason = reason[named.upperBound...] }
        if reason.hasPrefix("job \(id) ") { reason = reason.dropFirst("job \(id) ".count) }
        return reason.isEmpty ? message : String(reason)
    }

    /// What the argument already told of each target: the job values' records (nil for ids).
    private static func knownRecords(_ value: Value) -> [JobRecord?] {
        func record(_ item: Value) -> JobRecord? {
            if case .job(let job) = item { return job.record }
            return nil
        }
        if case .list(let list) = value { return list.items.map(record) }
        return [record(value)]
    }

    /// Devo answers stop, start and remove with a short job (status, id, lastDatetime and
    /// error only): the job after the action keeps what was known of it and takes what the
    /// reply carries. A field the reply does not carry is null (or an empty `extra`) in its
    /// record, since Devo never sends null for these fields.
    static func merge(_ reply: JobRecord, into known: JobRecord?, for action: JobAction) -> JobRecord {
        guard action.isMutating, let known, known.id == reply.id else { return reply }
        var fields = known.fields
        for (name, value) in reply.fields {
            let carried: Bool
            switch value {
            case .null: carried = false
            case .map(let map): carried = name != "extra" || map.count > 0
            default: carried = true
            }
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if carried { fields[index].value = value }
            } else {
                fields.append((name, value))
            }
        }
        return JobRecord(id: reply.id, status: reply.status, fields: fields)
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
