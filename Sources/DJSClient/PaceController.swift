/// The rule that paces a bulk call: how many requests may be in flight, and when the next
/// may leave. A plain value fed with what happened (answers and their latency, refusals and
/// their `Retry-After`) and the time they happened, so that the rule is tested with made-up
/// samples, without a clock or a server. `RequestPacer` applies it to real requests.
///
/// The rule, in the manner of TCP's congestion control:
/// - **Start modestly, grow while it goes well.** The window starts at `initialWindow` and
///   grows by one request per answer (doubling each round trip, "slow start") while the
///   latency stays flat and the window is in use.
/// - **Back off on refusals.** A 429 or 503 (or a timeout) halves the window at once, once per
///   round trip, and `Retry-After` pauses every request, not only the refused one. Of the
///   requests sent after the first refused one left, those answered are what the server
///   took while it was refusing: its limit, per second; times the round trip, the window
///   it allows. The window restarts at 75% of that after slow start (the count runs high on
///   a busy machine), and at 90% of the window that was refused later on; and the send rate is spread evenly over the round trip, so that the window need
///   not be a whole number.
/// - **Then stay near the limit.** Below what the server showed it takes, the window grows by
///   one per round trip; at it, by half a request every `probeInterval` seconds, to find out
///   whether the limit rose without being refused every few seconds: each refusal costs
///   the whole call its `Retry-After`.
/// - **Back off on rising latency.** A smoothed latency above twice the lowest seen (plus
///   10 ms, so that sub-millisecond loopback jitter is no signal) shrinks the window by a
///   fifth, once per round trip: the server, or the way to it, is queueing.
/// - **Limits.** Never more than `cap` in flight, never faster than `rate` requests a second.
public struct PaceController: Sendable {
    /// Most requests ever in flight (`--concurrency`).
    public let cap: Int
    /// Most requests sent per second (`--rate`), nil for no limit.
    public let rate: Double?
    public static let initialWindow = 4.0
    /// Seconds between probes above the limit the server showed.
    public static let probeInterval = 10.0
    /// The share of the server's shown limit the window keeps to: the measure is a count over
    /// one round trip, a request or two off either way.
    public static let belowCeiling = 0.9

    /// Requests allowed in flight, fractional: a fraction shows as a paced send rate.
    public private(set) var window: Double
    /// No request leaves before this time (seconds): the latest `Retry-After`.
    public private(set) var pausedUntil = 0.0
    /// Growing by one per answer (until the first refusal or rising latency).
    public private(set) var slowStart = true
    /// The window the server was seen to take (requests per round trip), once a refusal told.
    public private(set) var ceiling: Double?
    /// Slow start ends here: half the window before a round in which the server took nothing.
    public private(set) var slowStartThreshold: Double?
    /// The lowest latency seen: the round trip of an idle server.
    public private(set) var baseLatency: Double?
    /// The latency, smoothed (each answer counts for an eighth, as TCP's SRTT).
    public private(set) var smoothedLatency: Double?
    private var lastDecrease = -Double.infinity
    private var lastProbe = -Double.infinity
    /// The earliest time the next request may leave under `rate` and the paced window.
    private var nextSend = -Double.infinity
    /// Counting what the server took after it began refusing: the answers to requests sent
    /// between the first refused one (`firstRefusedSent`) and the moment its refusal came
    /// back (`started`), when everything stopped.
    private var refusalRound: RefusalRound?
    private struct RefusalRound {
        var firstRefusedSent: Double
        var started: Double
        var answered = 0
        /// The window when the refusal came back, and whether it was still growing fast.
        var windowBefore: Double
        var inSlowStart: Bool
    }

    public init(cap: Int, rate: Double? = nil) {
        self.cap = max(1, cap)
        self.rate = rate.flatMap { $0 > 0 ? $0 : nil }
        window = min(Double(self.cap), PaceController.initialWindow)
    }

    /// Requests allowed in flight now.
    public var allowedInFlight: Int { max(1, min(cap, Int(window.rounded(.up)))) }

    /// The earliest time (seconds) a request may leave, given the time now.
    public mutating func earliestSend(at now: Double) -> Double {
        closeRefusalRound(at: now)
        return max(pausedUntil, nextSend)
    }

    /// A request left at `now`.
    public mutating func sent(at now: Double) {
        let start = max(now, nextSend)
        nextSend = start + sendInterval
    }

    /// The gap between two requests: `rate`'s, or, once the window is known to be near the
    /// server's limit, the round trip spread over the window (whichever is longer).
    private var sendInterval: Double {
        var interval = rate.map { 1 / $0 } ?? 0
        if ceiling != nil, !slowStart, let base = baseLatency, base > 0 {
            interval = max(interval, base / window)
        }
        return interval
    }

    /// An answer came back to a request sent at `sentAt`; `inFlight` requests were out when it
    /// did (itself included).
    public mutating func answered(sentAt: Double, inFlight: Int, at now: Double) {
        closeRefusalRound(at: now)
        if let round = refusalRound, sentAt >= round.firstRefusedSent, sentAt <= round.started {
            refusalRound?.answered += 1
        }
        let latency = max(0, now - sentAt)
        baseLatency = min(baseLatency ?? latency, latency)
        smoothedLatency = smoothedLatency.map { $0 * 7 / 8 + latency / 8 } ?? latency
        guard let base = baseLatency, let smoothed = smoothedLatency, refusalRound == nil else { return }

        if smoothed > base * 2 + 0.010 {
            guard now - lastDecrease >= smoothed else { return }
            window = max(1, window * 0.8)
            slowStart = false
            lastDecrease = now
            return
        }
        // Grow only while latency is flat and the window is what limits: a call held back by
        // `rate`, or ending with fewer requests than the window, learns nothing about more.
        guard smoothed <= base * 1.25 + 0.002, inFlight + 1 >= allowedInFlight, window < Double(cap) else { return }
        if slowStart {
            window += 1
            if let slowStartThreshold, window >= slowStartThreshold { slowStart = false }
        } else if let ceiling, window >= ceiling * PaceController.belowCeiling {
            if now - lastProbe >= PaceController.probeInterval {
                window += 0.5
                self.ceiling = max(ceiling, window / PaceController.belowCeiling)
                lastProbe = now
            }
        } else {
            window += 1 / window
        }
        window = min(window, Double(cap))
    }

    /// The server refused a request sent at `sentAt` (429 or 503), or it timed out;
    /// `retryAfter` is the server's `Retry-After` in seconds, when it said one.
    public mutating func refused(retryAfter: Double?, sentAt: Double, at now: Double) {
        closeRefusalRound(at: now)
        if let retryAfter, retryAfter > 0 { pausedUntil = max(pausedUntil, now + retryAfter) }
        // Refusals of requests sent before the last back-off are the same event: they were
        // on their way before the window shrank.
        guard refusalRound == nil, sentAt >= lastDecrease else { return }
        refusalRound = RefusalRound(firstRefusedSent: sentAt, started: now, windowBefore: window, inSlowStart: slowStart)
        window = max(1, window / 2)
        slowStart = false
        lastDecrease = now
        lastProbe = now
    }

    /// Two round trips after a refusal, when the answers of everything sent before it are in:
    /// the requests sent after the first refused one (the server's allowance was used up by
    /// then) that were answered show what the server takes per second, whatever the latency
    /// did meanwhile. None at all (the server refused everything): start again from one
    /// request, growing fast up to half of what was in flight before.
    private mutating func closeRefusalRound(at now: Double) {
        guard let round = refusalRound, now - round.started >= 2 * (smoothedLatency ?? 0) else { return }
        refusalRound = nil
        let span = round.started - round.firstRefusedSent
        if round.answered == 0 || span <= 0 {
            window = 1
            slowStartThreshold = max(1, round.windowBefore / 2)
            slowStart = true
        } else {
            // Taken per second, times the round trip: requests per round trip. The count runs
            // high when requests reach the server later than they were counted as sent (a
            // busy machine); right after slow start it is all there is, so the window starts
            // well below it. A refusal while growing one request per round trip is sharper:
            // the window of that moment was just too much.
            let taken = Double(round.answered) / span * (baseLatency ?? span)
            let limit = round.inSlowStart ? taken : min(taken, round.windowBefore)
            ceiling = max(1, limit)
            window = min(Double(cap), max(1, limit * (round.inSlowStart ? 0.75 : PaceController.belowCeiling)))
            slowStart = false
        }
    }
}
