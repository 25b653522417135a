import DJS
import DJSJobs

/// `djs resume [RUN]`: finishes what a run (by default the most recent) left undone. Every
/// action of the run whose outcome is unknown, not attempted or failed, and that no earlier
/// resume finished, is checked against the job's status now and sent only where still
/// needed; the rest are journaled as skipped. Itself a journaled run ("resume of RUN").
/// `--dry-run` prints what it would send and sends nothing.
struct ResumeCommand {
    let context: FollowUpRun
    /// The run named on the command line; nil for the most recent.
    let runName: String?

    func run() -> Int32 {
        let options = context.options
        return context.run(runName) { family, interrupt throws(FollowUpRun.Failure) -> Int32 in
            let root = family.root
            let pending = ResumePlan.pending(family)
            guard !pending.isEmpty else {
                context.say("\(FollowUpRun.describe(root)): nothing to resume (\(root.counts.done) done"
                            + (family.resumes.isEmpty ? ")" : ", the rest finished by \(family.resumes.count) resume(s))"))
                return ProgramRunner.ExitCode.success
            }
            let connection = try context.service(for: root, kind: .resume(of: root.header.id), interrupt: interrupt)
            let plan = ResumePlan(pending: pending, current: try connection.currentStatuses())
            report(plan, of: root)

            var skipped: [(action: JournalAction, job: String, reason: String, carriesOut: Int)] = []
            for step in plan.steps {
                if case .skip(let reason) = step.decision, let job = step.entry.job {
                    skipped.append((step.entry.action, job, reason, step.entry.seq))
                }
            }
            let sends = plan.steps.filter { $0.decision == .send }
            if options.dryRun {
                for step in sends {
                    let job = step.entry.job ?? ""
                    StandardStreams.writeError("dry-run: would \(step.entry.action.rawValue) job \(job): "
                                               + (step.entry.action.jobAction?.request(id: job) ?? "") + "\n")
                }
                context.say("dry-run: would send \(sends.count) actions; nothing was changed")
                return ProgramRunner.ExitCode.success
            }
            do {
                try connection.journaled?.recordSkipped(skipped)
            } catch {
                throw .runtime("\(error)")
            }
            var account = FollowUpService.Account()
            // Consecutive actions of one kind go out as one bulk call, in the run's order.
            var index = 0
            while index < sends.count, !interrupt.isRaised {
                let action = sends[index].entry.action
                var group: [ResumePlan.Step] = []
                while index < sends.count, sends[index].entry.action == action {
                    group.append(sends[index])
                    index += 1
                }
                guard let jobAction = action.jobAction else { continue }
                connection.send(jobAction, jobs: group.map { $0.entry.job ?? "" }, seqs: group.map(\.entry.seq), into: &account)
            }
            account.notAttempted += sends.count - index
            return connection.finish(account, verb: "resumed: sent", total: sends.count, in: context)
        }
    }

    /// What the resume found: how many actions it sends, how many it skips and why, and
    /// what it cannot do.
    private func report(_ plan: ResumePlan, of root: JournalRun) {
        var sends = 0
        var skipReasons: [String: Int] = [:]
        var cannot: [String] = []
        for step in plan.steps {
            switch step.decision {
            case .send: sends += 1
            case .skip(let reason): skipReasons[reason, default: 0] += 1
            case .cannot(let reason): cannot.append("#\(step.entry.seq) \(step.entry.action.rawValue): \(reason)")
            }
        }
        context.say("\(FollowUpRun.describe(root)): \(plan.steps.count) actions without a known good outcome; "
                    + "\(sends) still needed")
        for (reason, count) in skipReasons.sorted(by: { $0.value > $1.value }) {
            StandardStreams.writeError("  not needed, \(count) jobs: \(reason)\n")
        }
        for line in cannot { StandardStreams.writeError("  cannot resume \(line)\n") }
    }
}
