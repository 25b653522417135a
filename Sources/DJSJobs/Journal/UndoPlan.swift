import DJS

/// What `djs undo` does with a run (and the resumes that finished it): every job the run
/// may have changed (an action done, failed after it may have left, or of unknown outcome)
/// is brought back to the status it had before the run touched it, when that can be done
/// and is still needed:
///
/// - a job that was running (or created) and is STOPPED now is started again; one that was
///   STOPPED and runs now is stopped again;
/// - a job already back where it was, finished since (COMPLETED) or gone is left alone;
/// - a remove and a query launch cannot be undone, and are listed as such.
///
/// The status before is the one the run recorded; when the run never read the job and Devo
/// answered one of its actions, it is taken to be the opposite of the run's first action on
/// it (a stop Devo carried out implies the job was running); otherwise the job is left alone.
public struct UndoPlan: Sendable {
    public enum Decision: Equatable, Sendable {
        case send(JobAction)
        /// Nothing to do: already as before, finished since, or gone.
        case leave(String)
        case cannot(String)
    }

    public struct Step: Sendable {
        /// The job (nil for a launch whose job id never came back).
        public var job: String?
        /// The seq, in the root run, of the last change to reverse.
        public var seq: Int
        /// The status the job is brought back to (nil when nothing is sent).
        public var before: String?
        public var decision: Decision
    }

    public var steps: [Step]

    public init(_ family: RunFamily, current: [String: String]) {
        var order: [String] = []
        var changes: [String: [JournalEntry]] = [:]
        var launches: [JournalEntry] = []
        for run in family.members {
            let isResume = run.header.id != family.root.header.id
            for var entry in run.entries {
                switch entry.outcome {
                case .done, .unknown, .failed: break
                case .notAttempted, .skipped: continue
                }
                if isResume, let original = entry.carriesOut { entry.seq = original }
                if entry.action == .launch {
                    if case .failed = entry.outcome { continue }
                    launches.append(entry)
                    continue
                }
                guard let job = entry.job else { continue }
                if changes[job] == nil { order.append(job) }
                changes[job, default: []].append(entry)
            }
        }
        steps = launches.map { entry in
            let what = entry.job.map { "a launched query cannot be undone: job \($0) stays (remove(\"\($0)\") deletes it)" }
                ?? "a query launch with no recorded outcome cannot be undone (it may have started): look for it with jobs()"
            return Step(job: entry.job, seq: entry.seq, before: nil, decision: .cannot(what))
        }
        for job in order {
            guard let entries = changes[job], let first = entries.first, let last = entries.last else { continue }
            steps.append(UndoPlan.step(job: job, first: first, last: last, entries: entries, status: current[job]))
        }
        steps.sort { $0.seq < $1.seq }
    }

    private static func step(job: String, first: JournalEntry, last: JournalEntry, entries: [JournalEntry],
                             status: String?) -> Step {
        let now = StatusGroup(status)
        if entries.contains(where: { $0.action == .remove }), now == .gone || status?.uppercased() == "REMOVED" {
            return Step(job: job, seq: last.seq, before: nil, decision: .cannot("a removed job cannot be brought back"))
        }
        func leave(_ why: String) -> Step { Step(job: job, seq: last.seq, before: nil, decision: .leave(why)) }
        // Without a recorded status before, only an answered action says what the job was:
        // a stop Devo carried out was on a running job. A failed one says nothing.
        guard let before = first.before ?? (entries.contains { $0.outcome == .done } ? (first.action == .start ? "STOPPED" : "RUNNING") : nil) else {
            return leave("its status before the run was not recorded and no change was answered")
        }
        switch (StatusGroup(before), now) {
        case (_, .gone):
            return leave("the job no longer exists")
        case (.active, .stopped):
            return Step(job: job, seq: last.seq, before: before, decision: .send(.start))
        case (.stopped, .active):
            return Step(job: job, seq: last.seq, before: before, decision: .send(.stop))
        case (.active, .active), (.stopped, .stopped):
            return leave("already \(status ?? "") as before the run")
        case (_, .finished):
            return leave("\(status ?? "") now; left alone")
        default:
            return leave("it was \(before) before the run; nothing to reverse")
        }
    }

    /// The steps that send something.
    public var sends: [Step] { steps.filter { if case .send = $0.decision { true } else { false } } }
}
