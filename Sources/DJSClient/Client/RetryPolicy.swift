/// When to try a request again, and how long to wait first.
///
/// Two kinds of request (devo-api.md §7, issue 3):
/// - Job GETs are idempotent: asking twice changes nothing, so they are retried on
///   connection errors, timeouts, HTTP 5xx and HTTP 429.
/// - `POST /search/query` creates a job. It is retried only when the request provably never
///   reached the server (connection refused, host not found). After a timeout, a 5xx or a
///   dropped connection the job may exist already, and a retry could launch it twice.
struct RetryPolicy: Sendable {
    enum RequestKind: Sendable {
        case idempotent
        case createsJob
    }

    var retries: Int
    var baseDelay: Double
    var maxDelay: Double

    /// Whether a failure without an HTTP reply may be retried.
    func shouldRetry(_ error: HTTPTransportError, kind: RequestKind) -> Bool {
        switch (error, kind) {
        case (.cannotConnect, _):
            return true
        case (.timedOut, .idempotent), (.connectionLost, .idempotent), (.other, .idempotent):
            return true
        default:
            // TLS failures and cancellation never improve by retrying; a job-creating
            // request might already have been acted on.
            return false
        }
    }

    /// Whether an HTTP reply may be retried.
    func shouldRetry(httpStatus: Int, kind: RequestKind) -> Bool {
        kind == .idempotent && (httpStatus == 429 || (500...599).contains(httpStatus))
    }

    /// Whether a failed attempt may still have been carried out by the server: it was sent
    /// and no answer said otherwise. A job action retried after such an attempt can be
    /// refused as "already done" (stop: 400 "non running task"), which is then our own doing.
    func mayHaveActed(after error: HTTPTransportError) -> Bool {
        switch error {
        case .cannotConnect, .tlsFailure, .cancelled: return false
        case .timedOut, .connectionLost, .other: return true
        }
    }

    /// The same for an HTTP reply: a 5xx may come after the work was done; a 429 says the
    /// request was turned away.
    func mayHaveActed(httpStatus: Int) -> Bool {
        (500...599).contains(httpStatus)
    }

    /// Seconds to wait before attempt `attempt + 1`, after `attempt` failed (1-based).
    ///
    /// Exponential backoff `baseDelay * 2^(attempt-1)` with "equal jitter": half of it fixed,
    /// half random, so that many clients failing together do not retry in lockstep.
    /// A server's `Retry-After` is a floor. Everything is capped at `maxDelay`.
    /// `jitter` is a number in 0...1 (random in production, fixed in tests).
    func delay(afterAttempt attempt: Int, retryAfter: Double?, jitter: Double) -> Double {
        let exponential = baseDelay * Double(1 << min(max(attempt - 1, 0), 30))
        let jittered = exponential / 2 + exponential / 2 * min(max(jitter, 0), 1)
        return min(max(jittered, retryAfter ?? 0), maxDelay)
    }
}
