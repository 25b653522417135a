/// A field of a Devo job object, in the order djs prints them: every field Devo's job
/// documents show (DJSClient's article "Devo's Query API", "The job object").
public enum JobField: String, CaseIterable, Sendable {
    case id, status, friendlyName, type, query, table, owner, domain
    case eventGenerated, eventsSent, lastDatetime, error, extra, cid
}

/// The language's vocabulary of jobs: the field names and the statuses.
public enum JobFields {
    /// The names of `JobField`, in its order.
    public static let known = JobField.allCases.map(\.rawValue)
    /// Every job status Devo documents; there is no error status (a failed job is STOPPED
    /// with a non-empty `error`).
    public static let statuses = ["CREATED", "RUNNING", "COMPLETED", "STOPPED", "RECONNECTING", "REMOVED", "PAUSED"]
    /// Statuses a job stays in until someone acts: `wait()` stops waiting for a job that
    /// reaches one of these without reaching the status it waits for.
    public static let settledStatuses: Set<String> = ["COMPLETED", "STOPPED", "REMOVED"]
}
