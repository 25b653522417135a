/// Rolls the fault dice for each request. One instance lives in the simulator's lock; its
/// generator is reseeded whenever faults are set, so the same options and the same request
/// sequence give the same faults.
struct FaultInjector {
    private(set) var options: FaultOptions
    private var dice: SplitMix64
    /// The request-rate limit, when one is set.
    private var rateLimiter: RequestRateLimiter?
    /// Requests of the current burst still to fail.
    private var burstRemaining: Int

    init(options: FaultOptions) {
        self.options = options
        dice = SplitMix64(seed: options.seed)
        burstRemaining = max(0, options.serverErrorBurst)
        rateLimiter = options.rateLimit.map(RequestRateLimiter.init(limit:))
    }

    mutating func reset(_ options: FaultOptions) {
        self = FaultInjector(options: options)
    }

    /// What to do to one request.
    struct Plan: Equatable {
        enum Before: Equatable {
            /// Never answer.
            case hang
            /// 429 without processing, with `Retry-After` in seconds.
            case rateLimited(retryAfterSeconds: Int)
            /// 500 or 503 without processing.
            case serverError(status: Int)
            /// 502 HTML page without processing.
            case htmlError
        }
        enum After: Equatable {
            /// Process, then close the connection halfway through the response.
            case drop
            /// Process, then answer with a truncated JSON body.
            case malformed
        }
        var latency: Double = 0
        var before: Before?
        var after: After?

        /// How the request log names the fault (nil for none).
        var label: String? {
            switch (before, after) {
            case (.hang?, _): return "hang"
            case (.rateLimited?, _): return "rate-limit"
            case (.serverError?, _): return "server-error"
            case (.htmlError?, _): return "html-error"
            case (nil, .drop?): return "drop"
            case (nil, .malformed?): return "malformed"
            case (nil, nil): return latency > 0 ? "latency" : nil
            }
        }
    }

    /// `monotonicNanoseconds` drives the rate limit (not the job clock, which tests may
    /// freeze).
    mutating func plan(monotonicNanoseconds: UInt64) -> Plan {
        var plan = Plan(latency: options.latency)
        if options.hang {
            plan.before = .hang
            return plan
        }
        if burstRemaining > 0 {
            burstRemaining -= 1
            plan.before = .serverError(status: 503)
            return plan
        }
        if case .refused(let seconds)? = rateLimiter?.admit(atNanoseconds: monotonicNanoseconds) {
            plan.before = .rateLimited(retryAfterSeconds: seconds)
            return plan
        }
        // A die is rolled only for a fault that is on; at most one of these per request.
        if options.errorRate > 0, dice.chance(options.errorRate) {
            plan.before = .serverError(status: dice.chance(0.75) ? 500 : 503)
        } else if options.htmlErrorRate > 0, dice.chance(options.htmlErrorRate) {
            plan.before = .htmlError
        } else if options.dropRate > 0, dice.chance(options.dropRate) {
            plan.after = .drop
        } else if options.malformedRate > 0, dice.chance(options.malformedRate) {
            plan.after = .malformed
        }
        return plan
    }

    /// A JSON body cut off in the middle (never valid JSON): what a truncated upstream
    /// response looks like.
    static func truncate(_ response: HTTPResponse) -> HTTPResponse {
        var truncated = response
        let keep = response.body.count > 2 ? response.body.count / 2 : 1
        truncated.body = Array(response.body.prefix(keep))
        if truncated.body == response.body { truncated.body = Array("{\"status\":".utf8) }
        return truncated
    }
}
