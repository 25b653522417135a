/// `wait(x, until:, timeout:, stable:)`: polls jobs until each reaches one of the wanted statuses.
///
/// Decisions (documented in Builtins.md):
/// - `until` defaults to the settled statuses COMPLETED, STOPPED and REMOVED; `timeout`
///   defaults to 10 minutes, so an unattended script cannot hang forever.
/// - A passing status (RUNNING, CREATED, PAUSED, RECONNECTING) counts only once the job has
///   been seen in wanted statuses for `stable` (default 5 s; 0 accepts the first sight): a
///   job whose query fails is RUNNING for an instant, then STOPPED with an error, and "wait
///   until it runs" must not call that a success. A settled wanted status counts at once.
/// - Polls start at 250 ms and grow by half each round up to 5 s; every pending job is read
///   in one concurrent bulk refresh per round.
/// - A job that settles in another status (waiting for COMPLETED, it is STOPPED with an
///   error) can no longer get there by itself: it is given up at once, not at the timeout.
/// - Under `--dry-run` nothing was launched or changed, so there is nothing to wait for: the
///   jobs are read once and returned.
enum JobWaiting {
    static func wait(_ arguments: Arguments) throws -> Value {
        let service = try arguments.jobService()
        let (ids, isList) = try JobActions.targets(arguments[0], arguments)
        let wanted = try statuses(arguments)
        let timeout = try duration(arguments, "timeout", default: 10 * 60 * 1000)
        let stable = try duration(arguments, "stable", default: JobWaiting.defaultStableMilliseconds)
        let interpreter = arguments.interpreter
        let options = interpreter.jobOptions
        let monitor = BulkMonitor(concurrency: options.concurrency, rate: options.rate, interrupt: interpreter.interrupt)

        var latest: [String: JobRecord] = [:]
        var problems: [String: String] = [:]
        /// When each job was first seen in a wanted passing status, in this unbroken stretch.
        var wantedSince: [String: Int] = [:]
        var pending = ids
        let deadline = Clock.nowMilliseconds() + timeout
        var interval = options.firstPollInterval
        while true {
            let outcomes = service.performAll(.refresh, ids: pending, monitor: monitor)
            if interpreter.interrupt.isRaised {
                throw Interrupted(location: arguments.location,
                                  message: "wait(): interrupted: \(ids.count - pending.count) of \(ids.count) jobs reached "
                                      + wanted.joined(separator: " or "))
            }
            var stillPending: [String] = []
            for (id, outcome) in zip(pending, outcomes) {
                switch outcome {
                case .done(let record):
                    let previous = latest[id]?.status
                    latest[id] = record
                    let settled = JobFields.settledStatuses.contains(record.status)
                    if wanted.contains(record.status) {
                        if settled || service.isDryRun { continue }
                        let since = wantedSince[id] ?? Clock.nowMilliseconds()
                        wantedSince[id] = since
                        if Clock.nowMilliseconds() - since >= stable { continue }
                        stillPending.append(id)
                    } else if settled {
                        let before = wantedSince[id] != nil ? previous.map { "was \($0), then " } ?? "" : ""
                        problems[id] = before + "is \(record.status)" + errorSuffix(record)
                    } else {
                        wantedSince[id] = nil
                        stillPending.append(id)
                    }
                case .failed(let message): problems[id] = "could not be read: \(message)"
                case .notAttempted: stillPending.append(id)
                }
            }
            pending = stillPending
            let now = Clock.nowMilliseconds()
            if pending.isEmpty || now >= deadline || service.isDryRun { break }
            // A job in its stable stretch is read again when the stretch may be over.
            let stretchEnds = pending.compactMap { wantedSince[$0].map { $0 + stable - now } }.min()
            try arguments.pause(milliseconds: max(1, min(interval, deadline - now, stretchEnds ?? Int.max)))
            interval = min(interval * 3 / 2, options.maximumPollInterval)
        }
        if !service.isDryRun {
            for id in pending {
                let status = latest[id]?.status ?? "unknown"
                problems[id] = wantedSince[id] == nil
                    ? "still \(status) after \(TimeFormat.duration(milliseconds: timeout))"
                    : "\(status), but not yet for \(TimeFormat.duration(milliseconds: stable)) when the timeout "
                        + "(\(TimeFormat.duration(milliseconds: timeout))) ran out"
            }
        }
        let results = ids.compactMap { latest[$0].map { Value.job(JobRef($0)) } }
        guard problems.isEmpty else {
            let target = wanted.joined(separator: " or ")
            let failed = ids.filter { problems[$0] != nil }
            let message = isList ? "\(failed.count) of \(ids.count) jobs did not reach \(target)"
                                 : "job \(ids[0]) did not reach \(target)"
            var notes = failed.prefix(10).map { "\($0) \(problems[$0]!)" }
            if failed.count > 10 { notes.append("… and \(failed.count - 10) more") }
            var error = arguments.error(message, notes: notes)
            error.details = [
                ("failed", .list(ListRef(failed.map { id in
                    .map(MapRef([("id", .string(id)), ("error", .string(problems[id]!)),
                                 ("status", latest[id].map { .string($0.status) } ?? .null)]))
                }))),
                ("succeeded", .list(ListRef(ids.filter { problems[$0] == nil }.compactMap { latest[$0].map { .job(JobRef($0)) } }))),
            ]
            throw error
        }
        return isList ? .list(ListRef(results)) : results[0]
    }

    private static func statuses(_ arguments: Arguments) throws -> [String] {
        guard let value = arguments.namedValue("until") else { return ["COMPLETED", "STOPPED", "REMOVED"] }
        var items: [Value] = [value]
        if case .list(let list) = value { items = list.items }
        guard !items.isEmpty else { throw arguments.error("until: needs at least one status") }
        return try items.map { item in
            guard case .string(let status) = item else {
                throw arguments.error("until: must be a status or a list of statuses, got \(item.typeName)")
            }
            guard JobFields.statuses.contains(status) else {
                var notes = ["statuses: " + JobFields.statuses.joined(separator: ", ")]
                if let guess = Spelling.closest(to: status.uppercased(), among: JobFields.statuses) {
                    notes.insert("did you mean \"\(guess)\"?", at: 0)
                }
                throw arguments.error("until: \(Value.quoted(status)) is not a job status", notes: notes)
            }
            return status
        }
    }

    /// How long a job must stay in a wanted passing status (RUNNING…) to count, by default.
    static let defaultStableMilliseconds = 5_000

    private static func duration(_ arguments: Arguments, _ label: String, default value: Int) throws -> Int {
        guard let given = arguments.namedValue(label) else { return value }
        guard case .duration(let ms) = given, ms >= 0 else {
            throw arguments.error("\(label): must be a duration such as 5s or 10m, got \(given.typeName)")
        }
        return ms
    }

    private static func errorSuffix(_ record: JobRecord) -> String {
        guard case .list(let errors)? = record.field("error"), !errors.items.isEmpty else { return "" }
        return " (error: " + errors.items.map(\.displayText).joined(separator: "; ") + ")"
    }
}
