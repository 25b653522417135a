import DJS

/// What the journal records about changes made to Devo jobs: one run (a script, `-e` code,
/// a REPL session, a resume or an undo) is one file of JSON lines, a header line and then
/// an intent line per action before it is sent and an outcome line per action after.

/// A change the journal records. Reads (`jobs()`, `job()`, `refresh()`) are not changes.
public enum JournalAction: String, Sendable, CaseIterable {
    case stop, start, remove, launch

    public init?(_ action: JobAction) {
        switch action {
        case .stop: self = .stop
        case .start: self = .start
        case .remove: self = .remove
        case .refresh: return nil
        }
    }

    /// The bulk action that sends this change again; nil for a query launch, which is not
    /// a job action.
    public var jobAction: JobAction? {
        switch self {
        case .stop: .stop
        case .start: .start
        case .remove: .remove
        case .launch: nil
        }
    }
}

/// What a run was: a script of the user's, or djs finishing or reversing an earlier run.
public enum JournalRunKind: Equatable, Sendable {
    case script
    /// `djs resume`: carries out what the run `of` left undone.
    case resume(of: String)
    /// `djs undo`: reverses what the run `of` (with its resumes) did.
    case undo(of: String)

    var name: String {
        switch self {
        case .script: "script"
        case .resume: "resume"
        case .undo: "undo"
        }
    }

    var target: String? {
        switch self {
        case .script: nil
        case .resume(let run), .undo(let run): run
        }
    }
}

/// Where the run's changes went: the API address and the config profile, never a credential.
public struct JournalOrigin: Equatable, Sendable {
    public var address: String
    public var profile: String?

    public init(address: String, profile: String?) {
        self.address = address
        self.profile = profile
    }
}

/// The first line of a run's file.
public struct JournalRunHeader: Equatable, Sendable {
    /// Sortable by time: `20261202-025023.120-3f9a` (UTC to the millisecond, then four random hex digits).
    public var id: String
    /// Epoch milliseconds when the run made its first change.
    public var time: Int
    /// The script's absolute path, `-e`, `<stdin>`, `REPL`, or `resume RUN` / `undo RUN`.
    public var script: String
    public var kind: JournalRunKind
    public var origin: JournalOrigin?
    public var processID: Int?
    public var version: String?

    public init(id: String, time: Int, script: String, kind: JournalRunKind, origin: JournalOrigin?,
                processID: Int? = nil, version: String? = nil) {
        self.id = id
        self.time = time
        self.script = script
        self.kind = kind
        self.origin = origin
        self.processID = processID
        self.version = version
    }
}

/// How an intended action ended, as far as the journal knows.
public enum JournalOutcome: Equatable, Sendable {
    /// Devo answered the action.
    case done
    /// Devo (or the connection) answered with an error. A failure after the request left
    /// (a lost connection, a timeout) may still have been applied.
    case failed(String)
    /// Ctrl-C arrived before the request was sent.
    case notAttempted
    /// `djs resume` found the change already in place (or no longer possible) and sent nothing.
    case skipped(String)
    /// No outcome line: the run was killed (or is still running) after the intent was written.
    case unknown

    /// The word used in outcome lines and listings.
    public var name: String {
        switch self {
        case .done: "done"
        case .failed: "failed"
        case .notAttempted: "not-attempted"
        case .skipped: "skipped"
        case .unknown: "unknown"
        }
    }

    public var reason: String? {
        switch self {
        case .failed(let reason), .skipped(let reason): reason
        default: nil
        }
    }
}

/// One action of a run: its intent line and, once known, its outcome.
public struct JournalEntry: Equatable, Sendable {
    public var seq: Int
    /// Epoch milliseconds of the intent (of the outcome, for a skipped action).
    public var time: Int
    public var action: JournalAction
    /// The job acted on; for a launch, the new job's id once known.
    public var job: String?
    /// The job's status when the run last read it before the action; nil if it never did.
    public var before: String?
    /// The job's status in Devo's answer.
    public var after: String?
    /// A launch's query text and destination type (never the destination's parameters).
    public var query: String?
    public var destination: String?
    /// In a resume or undo run: the seq of the entry in the earlier run this one carries out.
    public var carriesOut: Int?
    public var outcome: JournalOutcome

    public init(seq: Int, time: Int, action: JournalAction, job: String?, before: String? = nil, after: String? = nil,
                query: String? = nil, destination: String? = nil, carriesOut: Int? = nil, outcome: JournalOutcome = .unknown) {
        self.seq = seq
        self.time = time
        self.action = action
        self.job = job
        self.before = before
        self.after = after
        self.query = query
        self.destination = destination
        self.carriesOut = carriesOut
        self.outcome = outcome
    }
}
