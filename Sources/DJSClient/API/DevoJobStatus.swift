/// A job's state (devo-api.md §5, `task.md` "Task Status"). A value Devo adds later is kept
/// as `.other` with its text rather than rejected, so djs keeps working and can show it.
public enum DevoJobStatus: Sendable, Hashable, CustomStringConvertible {
    /// Initial internal state before the first start.
    case created
    case running
    /// Finished with every row delivered; only possible for a query with a `to`.
    case completed
    /// Stopped by the user or by an error (then the job's `error` list is non-empty).
    case stopped
    /// Temporarily lost the query engine; restarts or goes STOPPED.
    case reconnecting
    /// Stopped and deleted (deprecated by Devo: removed jobs may simply disappear).
    case removed
    /// Internal state while servers stop; restarts by itself.
    case paused
    case other(String)

    /// Reads Devo's text (`"RUNNING"`), ignoring case.
    public init(apiValue: String) {
        switch apiValue.uppercased() {
        case "CREATED": self = .created
        case "RUNNING": self = .running
        case "COMPLETED": self = .completed
        case "STOPPED": self = .stopped
        case "RECONNECTING": self = .reconnecting
        case "REMOVED": self = .removed
        case "PAUSED": self = .paused
        default: self = .other(apiValue)
        }
    }

    /// Devo's spelling: `RUNNING`, or the unknown text as received.
    public var apiValue: String {
        switch self {
        case .created: return "CREATED"
        case .running: return "RUNNING"
        case .completed: return "COMPLETED"
        case .stopped: return "STOPPED"
        case .reconnecting: return "RECONNECTING"
        case .removed: return "REMOVED"
        case .paused: return "PAUSED"
        case .other(let text): return text
        }
    }

    public var description: String { apiValue }
}
