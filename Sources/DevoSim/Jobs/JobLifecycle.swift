/// How fast jobs move, shared by every job of one simulator.
struct JobPace: Sendable {
    /// Data milliseconds per clock millisecond.
    var speed: Double
    /// Clock milliseconds a new job stays CREATED.
    var createdDuration: Int64
    /// Clock milliseconds a job whose query cannot run stays RUNNING before it fails, so
    /// that the reply to a start still says RUNNING, as Devo's does.
    var failureDelay: Int64 = 100
}

/// The job state machine (devo-api.md §5), as pure functions of a stored job and the clock.
///
///     CREATED ──(createdDuration)──> RUNNING ──(data reaches `to`)──> COMPLETED
///                                      │  ▲
///                          stop / error│  │start (resumes from lastDatetime)
///                                      ▼  │
///                                    STOPPED          any but COMPLETED ──remove──> REMOVED
///
/// A job without `to` never completes. A RUNNING job's data position never passes the
/// clock: data from the future does not exist, so a continuous query that has caught up
/// follows real time.
enum JobLifecycle {
    /// What a stop, start or remove did.
    enum ActionResult {
        /// The action applied (or, as Devo answers, was a no-op); the job after it.
        case applied(Job)
        /// Not allowed in the job's state: Devo task error code and message, job unchanged.
        case rejected(code: Int, message: String)
    }

    /// The job as it is at `now`: CREATED turned RUNNING, progress advanced, completion or
    /// failure applied. Idempotent: settling a settled job at the same time changes nothing.
    static func settled(_ stored: Job, at now: Int64, pace: JobPace) -> Job {
        var job = stored
        if job.status == .created {
            let startsAt = job.statusSince + pace.createdDuration
            guard now >= startsAt else { return job }
            job.status = .running
            job.statusSince = startsAt
            job.startPosition = job.lastDatetime > 0 ? job.lastDatetime : job.from
        }
        guard job.status == .running else { return job }

        if case .atStart(let message)? = job.failure, now >= job.statusSince + pace.failureDelay {
            job.status = .stopped
            job.statusSince = job.statusSince + pace.failureDelay
            job.errors = [message]
            return job
        }

        let position = dataPosition(of: job, at: now, speed: pace.speed)
        if case .atPosition(let failsAt, let message)? = job.failure, position >= failsAt {
            job.lastDatetime = failsAt
            job.status = .stopped
            job.errors = [message]
            job.failure = nil          // a one-off failure: a restart gets past it
            job.statusSince = now
            return job
        }
        if let to = job.to, position >= to {
            job.lastDatetime = to
            job.status = .completed
            job.statusSince = now
            return job
        }
        job.lastDatetime = position
        return job
    }

    /// Where a RUNNING job's data has got to at `now`: the start position plus the elapsed
    /// clock time times the speed, never beyond `to` nor the clock itself.
    static func dataPosition(of job: Job, at now: Int64, speed: Double) -> Int64 {
        let elapsed = Double(max(0, now - job.statusSince))
        // Clamped in Double first so that an absurd speed cannot overflow Int64.
        let advanced = min(Double(job.startPosition) + elapsed * speed, Double(Int64.max / 2))
        var position = Int64(advanced)
        position = min(position, job.to ?? Int64.max, now)
        return max(position, job.startPosition)
    }

    /// stop: RUNNING (and the transient CREATED, PAUSED, RECONNECTING) → STOPPED keeping
    /// `lastDatetime`. COMPLETED answers unchanged (the official SDK's own test accepts
    /// that); STOPPED and REMOVED are rejected with 108, "Cannot stop task a non running task".
    static func stop(_ stored: Job, at now: Int64, pace: JobPace) -> ActionResult {
        var job = settled(stored, at: now, pace: pace)
        switch job.status {
        case .running, .created, .paused, .reconnecting:
            job.status = .stopped
            job.statusSince = now
            return .applied(job)
        case .completed:
            return .applied(job)
        case .stopped, .removed:
            return .rejected(code: 108, message: "Cannot stop task a non running task")
        }
    }

    /// start: STOPPED (and PAUSED) → RUNNING, resuming from `lastDatetime` with the error
    /// list cleared. RUNNING, CREATED, RECONNECTING and COMPLETED answer unchanged ("no
    /// effect", browser-sdk README); REMOVED is rejected with 101.
    static func start(_ stored: Job, at now: Int64, pace: JobPace) -> ActionResult {
        var job = settled(stored, at: now, pace: pace)
        switch job.status {
        case .stopped, .paused:
            job.status = .running
            job.statusSince = now
            job.startPosition = job.lastDatetime > 0 ? job.lastDatetime : job.from
            job.errors = []
            return .applied(settled(job, at: now, pace: pace))
        case .running, .created, .reconnecting, .completed:
            return .applied(job)
        case .removed:
            return .rejected(code: 101, message: "Cannot change the status of task")
        }
    }

    /// remove: every state → REMOVED (a running job is stopped first, its progress kept).
    /// Removing a REMOVED job (only reachable when removed jobs stay visible) answers
    /// unchanged.
    static func remove(_ stored: Job, at now: Int64, pace: JobPace) -> ActionResult {
        var job = settled(stored, at: now, pace: pace)
        if job.status != .removed {
            job.status = .removed
            job.statusSince = now
        }
        return .applied(job)
    }
}
