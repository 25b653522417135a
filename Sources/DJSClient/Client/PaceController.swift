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
///   round trip, and `Retry-After` pauses every request, not only the refused one.
/// - **Learn the server's limit.** Of the requests sent after the first refused one left
///   (until its refusal came back and everything stopped), those answered are what the server
///   took while it was refusing: its rate. From then on requests leave evenly spaced at 95% of
///   that rate, with the window wide enough not to be what limits them. A refusal measures
///   the rate again.
/// - **Probe gently.** Every `probeInterval` seconds without a refusal the learned rate rises
///   by 2%, to find out whether the limit rose without being refused every few seconds: each
///   refusal costs the whole call its `Retry-After`.
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
    /// The share of the learned rate requests are sent at: the measure is a count over about
    /// one round trip, a request or two off either way.
    public static let belowLimit = 0.95

    /// Requests allowed in flight, fractional: a fraction shows as a paced send rate.
    public private(set) var window: Double
    /// No request leaves before this time (seconds): the latest `Retry-After`.
    public private(set) var pausedUntil = 0.0
    /// Growing by one per answer (until the first refusal or rising latency).
    public private(set) var slowStart = true
    /// Requests per second the server was seen to take while it refused others.
    public private(set) var learnedRate: Double?
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
        /// The window when the refusal came back.
        var windowBefore: Double
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
    ///
    /// A send that leaves late (a sleeping task wakes a little after its time, more so on a
    /// busy machine) may be made up for, by at most a hundredth of a second's worth of sends
    /// (at least one): without it every late wake-up is lost for good, and at 500 a second a
    /// millisecond late each time is a third of the pace. In any second no more than
    /// `rate` + that many leave.
    public mutating func sent(at now: Double) {
        let interval = sendInterval
        let makeUp = interval * max(1, (0.01 / max(interval, 1e-9)).rounded(.down))
        nextSend = max(now - makeUp, nextSend) + interval
    }

    /// The gap between two requests: `rate`'s, or that of the rate the server was seen to take
    /// (whichever is longer).
    private var sendInterval: Double {
        let limits = [rate, learnedRate.map { $0 * PaceController.belowLimit }].compactMap { $0 }
        return limits.min().map { 1 / $0 } ?? 0
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
        probe(at: now)
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
        } else {
            window += 1 / window
        }
        window = min(window, Double(cap))
    }

    /// Raises the learned rate by 2% when it has held for `probeInterval` seconds.
    private mutating func probe(at now: Double) {
        guard let learned = learnedRate, refusalRound == nil, now - lastProbe >= PaceController.probeInterval else { return }
        learnedRate = learned * 1.02
        lastProbe = now
    }

    /// The server refused a request sent at `sentAt` (429 or 503), or it timed out;
    /// `retryAfter` is the server's `Retry-After` in seconds, when it said one.
    public mutating func refused(retryAfter: Double?, sentAt: Double, at now: Double) {
        closeRefusalRound(at: now)
        if let retryAfter, retryAfter > 0 { pausedUntil = max(pausedUntil, now + retryAfter) }
        // Refusals of requests sent before the last back-off are the same event: they were
        // on their way before the window shrank.
        guard refusalRound == nil, sentAt >= lastDecrease else { return }
        refusalRound = RefusalRound(firstRefusedSent: sentAt, started: now, windowBefore: window)
        window = max(1, window / 2)
        slowStart = false
        lastDecrease = now
        lastProbe = now
    }

    /// Two round trips after a refusal, when the answers of everything sent before it are in:
    /// the requests sent after the first refused one (the server's allowance was used up by
    /// then) that were answered show the rate the server takes, whatever the latency did
    /// meanwhile. The window then allows half as much again as that rate needs over a round
    /// trip, so that the spacing, not the window, sets the pace. None answered (the server
    /// refused everything): start again from one request, growing fast up to half of what was
    /// in flight before.
    private mutating func closeRefusalRound(at now: Double) {
        guard let round = refusalRound, now - round.started >= 2 * (smoothedLatency ?? 0) else { return }
        refusalRound = nil
        let span = round.started - round.firstRefusedSent
        if round.answered == 0 || span <= 0 {
            window = 1
            slowStartThreshold = max(1, round.windowBefore / 2)
            slowStart = true
            return
        }
        let taken = Double(round.answered) / span
        learnedRate = taken
        let roundTrip = smoothedLatency ?? span
        window = min(Double(cap), max(1, taken * PaceController.belowLimit * roundTrip * 1.5 + 1))
        slowStart = false
    }
}
