/// The simulator's request-rate limit: a token bucket that fills at `limit` tokens a second
/// and holds at most `burst` of them. A request takes one token; without one it is refused,
/// and the refusal says how long until a token is there again.
///
/// A bucket rather than counting requests per calendar second: a fixed window lets through
/// twice the limit around the turn of a second (the end of one window and the start of the
/// next), and its refusals carry no honest wait. The bucket never admits more than
/// `burst + limit × t` requests in any span of `t` seconds.
struct RequestRateLimiter {
    let limit: Int
    /// A tenth of a second's worth of requests, so that a client that sends faster than the
    /// limit is told so within a fraction of a second, not after a second's credit; but at
    /// least ten (or the whole second's worth, below ten a second), so that a handful of
    /// requests sent together, as retries after the same `Retry-After`, pass together.
    let burst: Double
    private var tokens: Double
    private var lastRefillNanoseconds: UInt64?

    init(limit: Int) {
        self.limit = max(0, limit)
        burst = max(1, Double(self.limit) / 10, Double(min(self.limit, 10)))
        tokens = burst
    }

    enum Decision: Equatable {
        case admitted
        /// Refused: `Retry-After` in whole seconds (HTTP's delay-seconds), rounded up so that
        /// a client that waits that long finds a token.
        case refused(retryAfterSeconds: Int)
    }

    /// Takes a token for a request arriving at `nanoseconds` (a monotonic clock), if there is one.
    mutating func admit(atNanoseconds nanoseconds: UInt64) -> Decision {
        guard limit > 0 else { return .refused(retryAfterSeconds: 1) }
        if let last = lastRefillNanoseconds, nanoseconds > last {
            tokens = min(burst, tokens + Double(nanoseconds - last) / 1e9 * Double(limit))
        }
        lastRefillNanoseconds = max(lastRefillNanoseconds ?? nanoseconds, nanoseconds)
        if tokens >= 1 {
            tokens -= 1
            return .admitted
        }
        let secondsToToken = (1 - tokens) / Double(limit)
        return .refused(retryAfterSeconds: max(1, Int(secondsToToken.rounded(.up))))
    }
}
