import DJS
import DJSJobs
import Foundation

/// `djs undo [RUN]`: reverses what a run (by default the most recent, with the resumes that
/// finished it) did where that can be done: a job it stopped is started again, one it
/// started is stopped again, back to the status it had before (`UndoPlan`). Removes and
/// query launches cannot be reversed and are listed as such.
///
/// It shows the plan and asks before acting, on a terminal; `--yes` acts without asking.
/// Off a terminal without `--yes` it refuses (exit 64) rather than act unasked or wait
/// for an answer nobody can give. `--dry-run` prints the plan and sends nothing. Itself a
/// journaled run ("undo of RUN"), which can be undone in turn.
struct UndoCommand {
    let context: FollowUpRun
    /// The run named on the command line; nil for the most recent.
    let runName: String?

    func run() -> Int32 {
        let options = context.options
        return context.run(runName) { family, interrupt throws(FollowUpRun.Failure) -> Int32 in
            let root = family.root
            let connection = try context.service(for: root, kind: .undo(of: root.header.id), interrupt: interrupt)
            let plan = UndoPlan(family, current: try connection.currentStatuses())
            let sends = plan.sends
            report(plan, of: root)
            guard !sends.isEmpty else {
                context.say("nothing to undo")
                return ProgramRunner.ExitCode.success
            }
            if options.dryRun {
                for step in sends {
                    guard case .send(let action) = step.decision, let job = step.job else { continue }
                    StandardStreams.writeError("dry-run: would \(action.rawValue) job \(job) (back to \(step.before ?? "?")): "
                                               + action.request(id: job) + "\n")
                }
                context.say("dry-run: would send \(sends.count) actions; nothing was changed")
                return ProgramRunner.ExitCode.success
            }
            if !options.assumeYes {
                guard StandardStreams.inputIsTerminal else {
                    throw .usage("not asking off a terminal: add --yes to undo without asking (--dry-run shows the plan)")
                }
                StandardStreams.writeError("undo \(sends.count) changes? [y/N] ")
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                guard answer == "y" || answer == "yes" else {
                    context.say("cancelled; nothing was changed")
                    return ProgramRunner.ExitCode.success
                }
            }
            var account = FollowUpService.Account()
            for action in [JobAction.start, .stop] where !interrupt.isRaised {
                let group = sends.filter { $0.decision == .send(action) }
                connection.send(action, jobs: group.map { $0.job ?? "" }, seqs: group.map(\.seq), into: &account)
            }
            account.notAttempted = sends.count - account.done - account.failures.count
            return connection.finish(account, verb: "undone:", total: sends.count, in: context)
        }
    }

    /// The plan for people: what will be sent (with a few job ids), what cannot be undone
    /// (each one), and how many jobs are left alone and why.
    private func report(_ plan: UndoPlan, of root: JournalRun) {
        context.say("\(FollowUpRun.describe(root)):")
        for action in [JobAction.start, .stop] {
            let jobs = plan.sends.filter { $0.decision == .send(action) }.compactMap(\.job)
            guard !jobs.isEmpty else { continue }
            StandardStreams.writeError("  \(action.rawValue) \(jobs.count) jobs (\(action == .start ? "stopped" : "started") by the run): "
                                       + FollowUpRun.sample(jobs) + "\n")
        }
        var leftAlone: [String: Int] = [:]
        var cannot: [String] = []
        for step in plan.steps {
            switch step.decision {
            case .send: break
            case .leave(let reason): leftAlone[reason, default: 0] += 1
            case .cannot(let reason): cannot.append((step.job.map { "job \($0): " } ?? "") + reason)
            }
        }
        for line in cannot.prefix(20) { StandardStreams.writeError("  cannot undo: \(line)\n") }
        if cannot.count > 20 { StandardStreams.writeError("  cannot undo: … and \(cannot.count - 20) more\n") }
        for (reason, count) in leftAlone.sorted(by: { $0.value > $1.value }) {
            StandardStreams.writeError("  left alone, \(count) jobs: \(reason)\n")
        }
    }
}
