/// What a request was for, carried by errors so that messages say what failed
/// ("stop job 3f60…: …") rather than only how.
public struct DevoRequestContext: Sendable, Equatable {
    /// A few words for people: "list jobs", "stop job <id>", "launch query".
    public var operation: String
    public var method: String
    /// The request path as sent (job ids percent-encoded).
    public var path: String
    public var jobID: String?

    public init(operation: String, method: String, path: String, jobID: String? = nil) {
        self.operation = operation
        self.method = method
        self.path = path
        self.jobID = jobID
    }
}

/// An error reported by Devo, read from the reply whatever shape it took
/// (devo-api.md §6: `msg` / `error` / `error.message` / `object`, `code` / `status` / `error.code`).
public struct DevoServerError: Sendable, Equatable {
    public var context: DevoRequestContext
    /// The HTTP status of the reply; Devo also reports errors inside HTTP 200 replies.
    public var httpStatus: Int
    /// Devo's error code (`error.code`, else `code`, else a non-zero envelope `status`).
    public var code: Int?
    /// Devo's message, or a description of the HTTP status when the body had none.
    public var message: String
    /// Extra detail lines, e.g. the strings of an `object` array after a failed launch.
    public var details: [String]
    /// The reply's correlation id, which Devo support asks for.
    public var cid: String?
    /// Seconds to wait before retrying, from a `Retry-After` header.
    public var retryAfter: Double?

    public init(context: DevoRequestContext, httpStatus: Int, code: Int?, message: String,
                details: [String] = [], cid: String? = nil, retryAfter: Double? = nil) {
        self.context = context
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.details = details
        self.cid = cid
        self.retryAfter = retryAfter
    }

    /// "Task not found (code 100, HTTP 404, cid 6b32d3805a82)"
    var summary: String {
        var text = message
        if !details.isEmpty { text += ": " + details.joined(separator: ": ") }
        var facts: [String] = []
        if let code { facts.append("code \(code)") }
        facts.append("HTTP \(httpStatus)")
        if let cid, !cid.isEmpty { facts.append("cid \(cid)") }
        return "\(text) (\(facts.joined(separator: ", ")))"
    }
}

/// Every way a djs ↔ Devo interaction can fail. Each case prints as a sentence for people;
/// none ever contains a secret, token or JWT.
public enum DevoError: Error, Sendable, Equatable {
    /// Missing, incomplete or invalid configuration (flags, environment, config files).
    case configuration(String)
    /// djs was asked to send something the API cannot accept (e.g. an empty job id).
    case invalidRequest(String)
    /// Devo rejected the credentials or signature: HTTP 401, or error code 12 in the body.
    case authentication(DevoServerError)
    /// No job has this id (Devo status 100).
    case jobNotFound(DevoServerError)
    /// The job cannot go to the requested state (Devo codes 101 and 108).
    case illegalStateChange(DevoServerError)
    /// The destination's parameters were rejected (s3 codes 200-212, email 213-226).
    case destinationValidation(DevoServerError)
    /// HTTP 429 after all retries.
    case rateLimited(DevoServerError)
    /// Any other error Devo reported (HTTP 4xx/5xx, or a non-zero code in an HTTP 200 body).
    case server(DevoServerError)
    /// The reply could not be understood: not JSON, truncated, or missing a required field.
    case invalidResponse(DevoRequestContext, httpStatus: Int, reason: String)
    /// No reply within the timeout, on every attempt made.
    case timeout(DevoRequestContext, seconds: Double, attempts: Int)
    /// The server could not be reached or the connection broke, on every attempt made.
    case connectionFailed(DevoRequestContext, reason: String, attempts: Int)
    /// The task waiting for the reply was cancelled.
    case cancelled(DevoRequestContext)

    /// The server error inside, for the cases that carry one.
    public var serverError: DevoServerError? {
        switch self {
        case .authentication(let error), .jobNotFound(let error), .illegalStateChange(let error),
             .destinationValidation(let error), .rateLimited(let error), .server(let error):
            return error
        default:
            return nil
        }
    }
}

extension DevoError: CustomStringConvertible {
    public var description: String { sentence + launchMayHaveHappenedNote }

    /// After a launch that reached Devo but gave no usable answer, the job may exist: the
    /// client never re-sends it (that could launch it twice), so the person must check.
    private var launchMayHaveHappenedNote: String {
        let context: DevoRequestContext
        switch self {
        case .timeout(let requestContext, _, _):
            context = requestContext
        case .connectionFailed(let requestContext, let reason, _)
            where !reason.hasPrefix("cannot connect") && !reason.hasPrefix("TLS failure"):
            context = requestContext
        case .invalidResponse(let requestContext, _, _):
            context = requestContext
        case .server(let error) where error.httpStatus >= 500 && error.code == nil:
            // A proxy's page or a bare 5xx: no word from Devo on whether it ran the request.
            context = error.context
        default:
            return ""
        }
        guard context.method == "POST", context.path == "/search/query" else { return "" }
        return "; the query may have been launched anyway: look for the job with jobs() before launching it again"
    }

    private var sentence: String {
        switch self {
        case .configuration(let message):
            return "configuration error: \(message)"
        case .invalidRequest(let message):
            return "invalid request: \(message)"
        case .authentication(let error):
            return "\(error.context.operation): Devo rejected the credentials: \(error.summary). "
                + "Check the API key and secret (or token); a clock more than a few minutes off also breaks signatures."
        case .jobNotFound(let error):
            let job = error.context.jobID.map { "job \($0)" } ?? "the job"
            return "\(error.context.operation): \(job) not found: \(error.summary)"
        case .illegalStateChange(let error):
            return "\(error.context.operation): not allowed in the job's current state: \(error.summary)"
        case .destinationValidation(let error):
            return "\(error.context.operation): the destination was rejected: \(error.summary)"
        case .rateLimited(let error):
            return "\(error.context.operation): Devo is limiting the request rate: \(error.summary)"
        case .server(let error):
            return "\(error.context.operation): Devo reported an error: \(error.summary)"
        case .invalidResponse(let context, let httpStatus, let reason):
            return "\(context.operation): unreadable reply from Devo (HTTP \(httpStatus), \(context.method) \(context.path)): \(reason)"
        case .timeout(let context, let seconds, let attempts):
            return "\(context.operation): no reply within \(formatSeconds(seconds)) s (\(context.method) \(context.path), \(attemptsText(attempts)))"
        case .connectionFailed(let context, let reason, let attempts):
            return "\(context.operation): cannot reach Devo: \(reason) (\(context.method) \(context.path), \(attemptsText(attempts)))"
        case .cancelled(let context):
            return "\(context.operation): cancelled"
        }
    }
}

private func attemptsText(_ attempts: Int) -> String {
    attempts == 1 ? "1 attempt" : "\(attempts) attempts"
}

func formatSeconds(_ seconds: Double) -> String {
    seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
}
