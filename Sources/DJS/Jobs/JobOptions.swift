/// How the job built-ins behave in this run, set by the command line or the REPL.
public struct JobOptions {
    /// Requests a bulk call keeps in flight at once (`--concurrency`).
    public static let defaultConcurrency = 8
    public var concurrency = JobOptions.defaultConcurrency

    /// Asked before a mutating call over more than one job. Nil never asks: batch runs and
    /// `--yes` (a cron job has nobody to answer).
    public var confirm: ((BulkConfirmation) -> Bool)?

    /// The progress line of bulk calls; nil when standard error is not a terminal.
    public var progress: ProgressDisplay?

    /// `wait()`'s first pause between polls; it grows by half each round up to `maximumPollInterval`.
    public var firstPollInterval = 250
    public var maximumPollInterval = 5_000

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
