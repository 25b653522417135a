import Foundation

/// How the job built-ins behave in this run, set by the command line or the REPL.
public struct JobOptions {
    /// The most requests a bulk call keeps in flight (`--concurrency`). Below it the pace is
    /// adaptive: it starts at a few and grows while the server keeps up.
    public static let defaultConcurrency = 256
    public var concurrency = JobOptions.defaultConcurrency
    /// The most requests a bulk call sends per second (`--rate`), nil for no limit.
    public var rate: Double?

    /// Asked before a mutating call over more than one job. Nil never asks: batch runs and
    /// `--yes` (a cron job has nobody to answer).
    public var confirm: ((BulkConfirmation) -> Bool)?

    /// The progress line of bulk calls; nil when standard error is not a terminal.
    public var progress: ProgressDisplay?

    /// `wait()`'s first pause between polls; it grows by half each round up to `maximumPollInterval`.
    public var firstPollInterval = 250
    public var maximumPollInterval = 5_000

    /// When a bulk call fails (or is interrupted) for some jobs, first print the jobs it did
    /// act on, as `table()` would. The job subcommands (`djs stop ID…`) set it, so that their
    /// standard output lists every job that changed even when the run ends in an error.
    public var printsActedOnJobsOnFailure = false

    /// Where job built-ins write warnings for people (standard error); not the program's output.
    public var warn: (String) -> Void = { line in FileHandle.standardError.write(Data(("djs: " + line + "\n").utf8)) }

    public init() {}
}

/// What a confirmation shows: a few of the jobs, then the question with the count.
public struct BulkConfirmation {
    public var action: JobAction
    public var count: Int
    /// Up to five "id (STATUS)" or "id" lines.
    public var sample: [String]

    /// The jobs shown before the question, one per line (ids are long: a line each keeps
    /// the question on one terminal line).
    public var listing: String {
        var lines = sample.map { "  " + $0 }
        if count > sample.count { lines.append("  … and \(count - sample.count) more") }
        return lines.joined(separator: "\n") + "\n"
    }

    public var question: String { "\(action.rawValue) \(count) jobs? [y/N] " }
}

/// Shows how far a bulk call has got (a line on a terminal's standard error).
public protocol ProgressDisplay: AnyObject {
    func show(_ progress: BulkProgress)
    /// The call is over: remove the line.
    func clear()
}
