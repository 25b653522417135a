/// One answered (or deliberately unanswered) request, as the simulator saw it. Holds no
/// credential: only the scheme that was used.
public struct SimulatorRequestRecord: Sendable, Equatable, CustomStringConvertible {
    public let method: String
    /// The path without query string (job ids are not secret).
    public let path: String
    /// HTTP status sent; 0 when nothing was sent (hang fault).
    public let status: Int
    /// nil for requests rejected before authorization was looked at (404, 405, faults,
    /// malformed HTTP).
    public let authScheme: AuthScheme?
    /// The injected fault, if any: `hang`, `rate-limit`, `server-error`, `html-error`,
    /// `drop`, `malformed`, `latency`.
    public let fault: String?
    /// Clock time of the request, epoch ms.
    public let timestamp: Int64

    public var description: String {
        var line = "\(method) \(path) \(status)"
        if let authScheme { line += " auth=\(authScheme.rawValue)" }
        if let fault { line += " fault=\(fault)" }
        return line
    }
}

/// The most recent requests, bounded so that a long benchmark cannot grow memory without
/// limit (the oldest half is dropped when full).
struct RequestLog {
    let capacity: Int
    private(set) var records: [SimulatorRequestRecord] = []

    init(capacity: Int = 100_000) { self.capacity = max(2, capacity) }

    mutating func append(_ record: SimulatorRequestRecord) {
        if records.count >= capacity { records.removeFirst(capacity / 2) }
        records.append(record)
    }
}
