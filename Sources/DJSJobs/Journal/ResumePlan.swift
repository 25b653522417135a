/// What `djs resume` does with a run: every action whose outcome is unknown, not attempted
/// or failed (a failure after the request left may or may not have been applied) and that
/// no resume has finished yet is looked at again against the job's status now, and sent
/// only if it is still needed: a stop on a job already STOPPED is not sent again.
public struct ResumePlan: Sendable {
    public enum Decision: Equatable, Sendable {
        case send
        /// Nothing to send: the change is in place, or no longer possible.
        case skip(String)
        /// Not something djs can finish by itself (a query launch).
        case cannot(String)
    }

    public struct Step: Sendable {
        /// The root run's entry.
        public var entry: JournalEntry
        public var decision: Decision
    }

    public var steps: [Step]

    /// The root's entries still open, in seq order.
    public static func pending(_ family: RunFamily) -> [JournalEntry] {
        let settled = family.settledByResumes
        return family.root.entries.filter { entry in
            switch entry.outcome {
            case .done, .skipped: false
            case .failed, .notAttempted, .unknown: !settled.contains(entry.seq)
            }
        }
    }

    /// Decides each pending entry against `current` (job id → status now; a job missing
    /// from it no longer exists). Entries are taken in order, and the status a planned
    /// action will leave counts for the next action on the same job.
    public init(pending: [JournalEntry], current: [String: String]) {
        var expected = current
        steps = pending.map { entry in
            let decision = ResumePlan.decide(entry, status: entry.job.flatMap { expected[$0] })
            if decision == .send, let job = entry.job {
                switch entry.action {
                case .stop: expected[job] = "STOPPED"
                case .start: expected[job] = "RUNNING"
                case .remove: expected[job] = nil
                case .launch: break
                }
            }
            return Step(entry: entry, decision: decision)
        }
    }

    private static func decide(_ entry: JournalEntry, status: String?) -> Decision {
        let group = StatusGroup(status)
        switch entry.action {
        case .launch:
            if case .failed(let reason) = entry.outcome {
                return .cannot("the query launch failed (\(reason)); run the script again to launch it")
            }
            return .cannot("a query launch with no recorded outcome is not sent again (it may have started): look for it with jobs()")
        case .stop:
            switch group {
            case .active: return .send
            case .stopped: return .skip("already STOPPED")
            case .finished: return .skip("\(status ?? "") now: nothing to stop")
            case .gone: return .skip("the job no longer exists")
            }
        case .start:
            switch group {
            case .stopped: return .send
            case .active: return .skip("already \(status ?? "")")
            case .finished: return .skip("\(status ?? "") now: nothing to start")
            case .gone: return .skip("the job no longer exists")
            }
        case .remove:
            switch group {
            case .gone: return .skip("already removed")
            case .finished where status?.uppercased() == "REMOVED": return .skip("already removed")
            default: return .send
            }
        }
    }
}
