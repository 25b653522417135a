/// A run together with the resume runs that carried on its work: what `djs resume` and
/// `djs undo` look at. Naming a resume run means the run it resumed.
public struct RunFamily: Sendable {
    public var root: JournalRun
    /// Resume runs of `root`, oldest first.
    public var resumes: [JournalRun]

    public init(root: JournalRun, resumes: [JournalRun]) {
        self.root = root
        self.resumes = resumes
    }

    public static func load(_ run: String, from directory: JournalDirectory) throws(JournalError) -> RunFamily {
        var root = try directory.read(run)
        if case .resume(let original) = root.header.kind {
            guard directory.runIDs().contains(original) else {
                throw JournalError("run \(run) resumed run \(original), which is no longer in the journal")
            }
            root = try directory.read(original)
        }
        let rootID = root.header.id
        var resumes: [JournalRun] = []
        for id in directory.runIDs() where id > rootID && directory.headerKind(of: id) == .resume(of: rootID) {
            resumes.append(try directory.read(id))
        }
        return RunFamily(root: root, resumes: resumes)
    }

    public var members: [JournalRun] { [root] + resumes }

    /// The seqs of the root's entries a resume run has finished: done, or found not needed.
    public var settledByResumes: Set<Int> {
        var settled = Set<Int>()
        for run in resumes {
            for entry in run.entries {
                guard let seq = entry.carriesOut else { continue }
                switch entry.outcome {
                case .done, .skipped: settled.insert(seq)
                default: break
                }
            }
        }
        return settled
    }
}

/// What a job's status means for stopping and starting it.
enum StatusGroup: Equatable {
    /// Started and not finished: CREATED, RUNNING, RECONNECTING, PAUSED (and statuses Devo
    /// may add): a stop applies to it.
    case active
    /// STOPPED: a start applies to it.
    case stopped
    /// COMPLETED or REMOVED: neither applies.
    case finished
    /// Not in the listing: removed (Devo may delete removed jobs outright).
    case gone

    init(_ status: String?) {
        switch status?.uppercased() {
        case nil: self = .gone
        case "STOPPED": self = .stopped
        case "COMPLETED", "REMOVED": self = .finished
        default: self = .active
        }
    }
}
