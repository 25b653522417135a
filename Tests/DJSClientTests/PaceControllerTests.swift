import Testing
@testable import DJSClient

/// The pace rule alone, fed made-up answers and refusals at made-up times (seconds): no
/// clock, no server.
@Suite struct PaceControllerTests {
    /// A client that keeps its window full against a server with a fixed round trip that
    /// decides as each request arrives (`admit`), simulated one event at a time.
    struct Run {
        var controller: PaceController
        var now = 0.0
        /// Requests out: when each left, and whether the server took it.
        var inFlight: [(sentAt: Double, taken: Bool)] = []
        var answered = 0
        var refused = 0

        mutating func step(roundTrip: Double, retryAfter: Double? = 1, admit: (Double) -> Bool) {
            while inFlight.count < controller.allowedInFlight, controller.earliestSend(at: now) <= now {
                controller.sent(at: now)
                inFlight.append((now, admit(now)))
            }
            let sendAt = controller.earliestSend(at: now)
            guard let oldest = inFlight.first else {
                now = max(now + 0.0001, sendAt)
                return
            }
            // The next event: the oldest answer, or a send the clock allows before it.
            let answerAt = oldest.sentAt + roundTrip
            if inFlight.count < controller.allowedInFlight, sendAt > now, sendAt < answerAt {
                now = sendAt
                return
            }
            now = max(now, answerAt)
            inFlight.removeFirst()
            if oldest.taken {
                answered += 1
                controller.answered(sentAt: oldest.sentAt, inFlight: inFlight.count + 1, at: now)
            } else {
                refused += 1
                controller.refused(retryAfter: retryAfter, sentAt: oldest.sentAt, at: now)
            }
        }
    }

    /// Answers `count` requests sent at `sentAt` with `latency`, the window kept full.
    static func answer(_ controller: inout PaceController, count: Int, sentAt: Double, latency: Double) {
        for _ in 0..<count {
            controller.answered(sentAt: sentAt, inFlight: controller.allowedInFlight, at: sentAt + latency)
        }
    }

    @Test func startsModestlyAndDoublesEachRoundTripWhileLatencyIsFlat() {
        var pace = PaceController(cap: 256)
        #expect(pace.allowedInFlight == 4)
        Self.answer(&pace, count: 4, sentAt: 0, latency: 0.05)
        #expect(pace.allowedInFlight == 8)
        Self.answer(&pace, count: 8, sentAt: 0.05, latency: 0.05)
        #expect(pace.allowedInFlight == 16)
        #expect(pace.slowStart)
    }

    @Test func aWindowNotInUseDoesNotGrow() {
        var pace = PaceController(cap: 256)
        for step in 0..<50 {
            pace.answered(sentAt: Double(step) * 0.05, inFlight: 1, at: Double(step) * 0.05 + 0.05)
        }
        #expect(pace.allowedInFlight == 4)
    }

    @Test func concurrencyIsACap() {
        var pace = PaceController(cap: 6)
        Self.answer(&pace, count: 200, sentAt: 0, latency: 0.05)
        #expect(pace.allowedInFlight == 6)
        var tiny = PaceController(cap: 2)
        #expect(tiny.allowedInFlight == 2)
        Self.answer(&tiny, count: 10, sentAt: 0, latency: 0.05)
        #expect(tiny.allowedInFlight == 2)
    }

    @Test func aRefusalHalvesTheWindowOncePerEventAndRetryAfterPausesEverything() {
        var pace = PaceController(cap: 256)
        Self.answer(&pace, count: 12, sentAt: 0, latency: 0.05)
        #expect(pace.allowedInFlight == 16)
        pace.refused(retryAfter: 1, sentAt: 0.1, at: 0.15)
        #expect(pace.allowedInFlight == 8)
        #expect(!pace.slowStart)
        #expect(pace.earliestSend(at: 0.15) == 1.15)
        // Refusals of requests that left before the back-off are the same event.
        pace.refused(retryAfter: 1, sentAt: 0.12, at: 0.17)
        #expect(pace.allowedInFlight == 8)
        // ... and each pushes the pause to its own Retry-After.
        #expect(pace.earliestSend(at: 0.17) == 1.17)
    }

    @Test func aRefusalWithoutRetryAfterBacksOffWithoutPausing() {
        var pace = PaceController(cap: 256)
        Self.answer(&pace, count: 12, sentAt: 0, latency: 0.05)
        pace.refused(retryAfter: nil, sentAt: 0.1, at: 0.15)
        #expect(pace.allowedInFlight == 8)
        #expect(pace.earliestSend(at: 0.15) <= 0.15)
    }

    @Test func theRoundAfterARefusalMeasuresTheServersRateAndSendsJustBelowIt() {
        // 50 ms round trip; the server takes 500 requests a second.
        var pace = PaceController(cap: 256)
        Self.answer(&pace, count: 36, sentAt: 0, latency: 0.05)
        #expect(pace.allowedInFlight == 40)
        // The first refusal comes back at 0.30 for a request sent at 0.25. Of the requests
        // sent in between, one every 2 ms, 25 were taken (500/s × 50 ms); the rest refused.
        pace.refused(retryAfter: 1, sentAt: 0.25, at: 0.30)
        for index in 0..<25 {
            let sentAt = 0.25 + Double(index) * 0.002
            pace.answered(sentAt: sentAt, inFlight: 20, at: sentAt + 0.05)
        }
        // Answers to requests sent before the first refused one do not count.
        pace.answered(sentAt: 0.24, inFlight: 20, at: 0.31)
        // The round closes by the end of the pause: 500 a second.
        #expect(pace.earliestSend(at: 1.30) == 1.30)
        #expect(abs((pace.learnedRate ?? 0) - 500) < 0.01)
        // Sends leave 1/475 s apart (95%), and the window is not what holds them back.
        #expect(Double(pace.allowedInFlight) > 475 * 0.05)
        var now = 1.30
        var sends: [Double] = []
        for _ in 0..<100 {
            now = max(now, pace.earliestSend(at: now))
            pace.sent(at: now)
            sends.append(now)
        }
        // (The first few leave together: a hundredth of a second's worth may be made up.)
        #expect(abs(sends[99] - sends[9] - 90.0 / 475) < 1e-6)
        #expect(sends[9] - sends[0] <= 9.0 / 475)
        // Ten seconds without a refusal: 2% more.
        Self.answer(&pace, count: 1, sentAt: 11.5, latency: 0.05)
        #expect(abs((pace.learnedRate ?? 0) - 510) < 0.01)
        // A later refusal measures again: 20 taken in 50 ms is 400 a second.
        pace.refused(retryAfter: nil, sentAt: 12.0, at: 12.05)
        for index in 0..<20 {
            let sentAt = 12.0 + Double(index) * 0.0025
            pace.answered(sentAt: sentAt, inFlight: 20, at: sentAt + 0.05)
        }
        _ = pace.earliestSend(at: 12.5)
        #expect(abs((pace.learnedRate ?? 0) - 400) < 0.01)
    }

    @Test func aServerThatTookNothingSendsTheWindowBackToOneAndSlowStart() {
        var pace = PaceController(cap: 256)
        Self.answer(&pace, count: 28, sentAt: 0, latency: 0.05)
        #expect(pace.allowedInFlight == 32)
        pace.refused(retryAfter: nil, sentAt: 0.2, at: 0.25)
        _ = pace.earliestSend(at: 0.5)
        #expect(pace.allowedInFlight == 1)
        #expect(pace.slowStart)
        // Slow start again, up to half the window of before.
        Self.answer(&pace, count: 15, sentAt: 0.6, latency: 0.05)
        #expect(pace.allowedInFlight == 16)
        #expect(!pace.slowStart)
    }

    @Test func risingLatencyShrinksTheWindowOncePerRoundTrip() {
        var pace = PaceController(cap: 256)
        Self.answer(&pace, count: 12, sentAt: 0, latency: 0.05)
        #expect(pace.allowedInFlight == 16)
        // Latency climbs to 300 ms: the smoothed latency passes 2 × 50 ms + 10 ms.
        var now = 1.0
        var shrinks: [Double] = []
        var last = pace.window
        for _ in 0..<40 {
            pace.answered(sentAt: now - 0.3, inFlight: 16, at: now)
            if pace.window < last { shrinks.append(now) }
            last = pace.window
            now += 0.01
        }
        #expect(!shrinks.isEmpty)
        #expect(zip(shrinks, shrinks.dropFirst()).allSatisfy { $1 - $0 >= 0.1 }, "at most one per smoothed round trip")
        #expect(pace.window < 16 && pace.window >= 16 * 0.8 * 0.8 * 0.8 - 0.01)
        #expect(!pace.slowStart)
    }

    @Test func loopbackJitterIsNoSignal() {
        // Round trips of a fraction of a millisecond, doubling and halving: still "flat".
        var pace = PaceController(cap: 64)
        for step in 0..<500 {
            let latency = step % 2 == 0 ? 0.0002 : 0.0009
            pace.answered(sentAt: Double(step) * 0.001, inFlight: pace.allowedInFlight, at: Double(step) * 0.001 + latency)
        }
        #expect(pace.allowedInFlight == 64)
    }

    @Test func rateSpacesSendsEvenly() {
        var pace = PaceController(cap: 100, rate: 10)
        var sends: [Double] = []
        var now = 0.0
        for _ in 0..<30 {
            now = max(now, pace.earliestSend(at: now))
            pace.sent(at: now)
            sends.append(now)
        }
        // The first two leave together (one send may be made up), then one every 0.1 s.
        #expect(sends[1] == sends[0])
        for (first, second) in zip(sends.dropFirst(), sends.dropFirst(2)) { #expect(abs(second - first - 0.1) < 1e-9) }
        // Late sends catch up by at most one: after an idle second, two leave at once, then
        // the gap is 0.1 s again.
        now = sends.last! + 1
        #expect(pace.earliestSend(at: now) <= now)
        pace.sent(at: now)
        #expect(pace.earliestSend(at: now) <= now)
        pace.sent(at: now)
        #expect(abs(pace.earliestSend(at: now) - now - 0.1) < 1e-9)
    }

    /// The whole rule against a simulated rate-limited server: it finds the limit, keeps
    /// near it, and refuses few.
    @Test func againstASimulatedRateLimitItSettlesNearTheLimit() {
        // 20 ms round trip, 500 requests a second with a burst of 50 (the simulator's bucket).
        var tokens = 50.0
        var lastRefill = 0.0
        var run = Run(controller: PaceController(cap: 256))
        while run.answered < 10_000 {
            run.step(roundTrip: 0.02) { now in
                tokens = min(50, tokens + (now - lastRefill) * 500)
                lastRefill = now
                guard tokens >= 1 else { return false }
                tokens -= 1
                return true
            }
        }
        let ideal = 10_000.0 / 500
        #expect(run.now < ideal * 1.15 + 1, "took \(run.now) s for \(ideal) s of the limit")
        #expect(Double(run.refused) < 0.02 * Double(run.answered + run.refused), "\(run.refused) refused")
    }
}
