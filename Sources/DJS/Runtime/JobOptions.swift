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

/// What a confirmation prompt shows: the action, how many jobs, and a few of them.
public struct BulkConfirmation {
    public var action: JobAction
    public var count: Int
    /// Up to five "id (STATUS)" or "id" lines.
    public var sample: [String]

    public var question: String {
        let more = count > sample.count ? ", …" : ""
        return "\(action.rawValue) \(count) jobs (\(sample.joined(separator: ", "))\(more))? [y/N] "
    }
}

/// Shows how far a bulk call has got (a line on a terminal's standard error).
public protocol ProgressDisplay: AnyObject {
    func show(_ progress: BulkProgress)
    /// The call is over: remove the line.
    func clear()
}
