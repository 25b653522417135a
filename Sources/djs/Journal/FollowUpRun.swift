import DJS
import DJSJobs
import Foundation

/// What `djs resume` and `djs undo` share: finding the run, reaching the Devo it changed
/// (and refusing another), reading the jobs' statuses now, and sending journaled bulk
/// actions with a progress line and Ctrl-C handling.
struct FollowUpRun {
    /// "resume" or "undo", for messages.
    let name: String
    let directory: JournalDirectory
    let options: CommandLineOptions

    /// A reason to stop, with its exit code.
    struct Failure: Error {
        var message: String
        var code: Int32

        static func usage(_ message: String) -> Failure { Failure(message: message, code: ProgramRunner.ExitCode.usage) }
        static func runtime(_ message: String) -> Failure { Failure(message: message, code: ProgramRunner.ExitCode.runtimeError) }
    }

    /// Runs `body`, turning a `Failure` into its message on standard error and its code.
    func guarded(_ body: () throws(Failure) -> Int32) -> Int32 {
        do throws(Failure) {
            return try body()
        } catch {
            say("error: " + error.message)
            return error.code
        }
    }

    /// Loads the named run's family (the most recent run's when nil) and runs `body` with
    /// Ctrl-C raising the flag it is given; a `Failure` becomes its message and exit code.
    func run(_ runName: String?, _ body: (RunFamily, InterruptFlag) throws(Failure) -> Int32) -> Int32 {
        guarded { () throws(Failure) -> Int32 in
            let family = try family(runName)
            let interrupt = InterruptFlag()
            let interrupts = BatchInterrupts(raising: interrupt)
            defer { withExtendedLifetime(interrupts) {} }
            return try body(family, interrupt)
        }
    }

    func say(_ line: String) {
        StandardStreams.writeError("djs \(name): \(line)\n")
    }

    /// The named run (or the most recent) with its resumes; refused while any is still running.
    func family(_ run: String?) throws(Failure) -> RunFamily {
        let family: RunFamily
        do throws(JournalError) {
            let id = if let run { try directory.findRun(run) } else { try directory.latestRun() }
            family = try RunFamily.load(id, from: directory)
        } catch {
            throw .usage(error.message)
        }
        if let busy = family.members.first(where: \.inProgress) {
            let process = busy.header.processID.map { " by process \($0)" } ?? ""
            throw .runtime("run \(busy.header.id) is still being written\(process); wait for it to end (or end it) first")
        }
        return family
    }

    /// A journaled service on the run's Devo: the run's profile unless another is given, and
    /// the run's address, or a refusal naming both.
    func service(for run: JournalRun, kind: JournalRunKind, interrupt: InterruptFlag) throws(Failure) -> FollowUpService {
        var options = self.options
        if options.connection.profile == nil { options.connection.profile = run.header.origin?.profile }
        let connection: Connection
        do {
            connection = try Connection.open(options)
        } catch {
            throw .runtime("cannot connect: \(error)")
        }
        if let expected = run.header.origin?.address {
            let actual: String
            do {
                actual = try connection.origin().address
            } catch {
                throw .usage("\(error)")
            }
            guard actual == expected else {
                let profile = run.header.origin?.profile.map { " (profile \($0))" } ?? ""
                throw .usage("run \(run.header.id) changed jobs at \(expected)\(profile), but this connection goes to "
                             + "\(actual); give the run's --address or --profile")
            }
        }
        let base = connection.jobService(interrupt: interrupt)
        let recorder = connection.journal(script: "\(name) \(run.header.id)", kind: kind)
        return FollowUpService(base: base, journaled: recorder.map { JournalingJobService(wrapping: base, recorder: $0) },
                               concurrency: options.concurrency, rate: options.rate, interrupt: interrupt)
    }

    /// "run ID (SCRIPT against ADDRESS, TIME)"
    static func describe(_ run: JournalRun) -> String {
        let address = run.header.origin.map { " against \($0.address)" } ?? ""
        return "run \(run.header.id) (\(run.header.script)\(address), \(TimeFormat.iso8601(milliseconds: run.header.time)))"
    }

    /// Up to `limit` items, then "… and N more".
    static func sample(_ items: [String], limit: Int = 5) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", … and \(items.count - limit) more" : "")
    }
}

/// The job service of a resume or undo: journaled (unless `DJS_JOURNAL=off`), over the
/// connection to the run's Devo.
struct FollowUpService {
    let base: JobService
    let journaled: JournalingJobService?
    /// `--concurrency` (the most requests in flight) and `--rate` (the most a second).
    let concurrency: Int
    let rate: Double?
    let interrupt: InterruptFlag

    var service: JobService { journaled ?? base }

    /// Every job's status now, by id.
    func currentStatuses() throws(FollowUpRun.Failure) -> [String: String] {
        do {
            return Dictionary(try service.listJobs().map { ($0.id, $0.status) }, uniquingKeysWith: { _, last in last })
        } catch {
            throw .runtime("cannot read the jobs' statuses: \(error)")
        }
    }

    /// How a set of actions went.
    struct Account {
        var done = 0
        var failures: [(job: String, message: String)] = []
        var notAttempted = 0
    }

    /// Sends `action` to each job (a bulk call), journaled as carrying out `seqs`.
    func send(_ action: JobAction, jobs: [String], seqs: [Int], into account: inout Account) {
        guard !jobs.isEmpty else { return }
        let progress: ProgressDisplay? = StandardStreams.errorIsTerminal ? ProgressLine() : nil
        let monitor = BulkMonitor(concurrency: concurrency, rate: rate, interrupt: interrupt, report: { progress?.show($0) })
        let outcomes = journaled?.performAll(action, ids: jobs, monitor: monitor, carryingOut: seqs)
            ?? base.performAll(action, ids: jobs, monitor: monitor)
        progress?.clear()
        for (job, outcome) in zip(jobs, outcomes) {
            switch outcome {
            case .done: account.done += 1
            case .failed(let message): account.failures.append((job, message))
            case .notAttempted: account.notAttempted += 1
            }
        }
    }

    /// The end of a resume or undo: the account on standard error, and the exit code.
    func finish(_ account: Account, verb: String, total: Int, in run: FollowUpRun) -> Int32 {
        var line = "\(verb) \(account.done) of \(total) jobs"
        if !account.failures.isEmpty { line += ", \(account.failures.count) failed" }
        if account.notAttempted > 0 { line += ", \(account.notAttempted) not attempted (interrupted)" }
        if let id = journaled?.recorder.runID { line += "; journaled as run \(id)" }
        run.say(line)
        for failure in account.failures.prefix(10) {
            StandardStreams.writeError("  \(failure.message.contains(failure.job) ? failure.message : "\(failure.job): \(failure.message)")\n")
        }
        if account.failures.count > 10 { StandardStreams.writeError("  … and \(account.failures.count - 10) more failures\n") }
        if account.notAttempted > 0 { return ProgramRunner.ExitCode.interrupted }
        return account.failures.isEmpty ? ProgramRunner.ExitCode.success : ProgramRunner.ExitCode.runtimeError
    }
}
