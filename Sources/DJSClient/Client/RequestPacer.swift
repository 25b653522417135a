import Foundation

/// Applies a `PaceController` to the requests of one bulk call. Every attempt (retries
/// included) waits here for its turn (room in the window, the end of a `Retry-After` pause,
/// its slot under `--rate`) and reports how it went, so that the whole pool of requests
/// slows down when the server refuses one of them.
///
/// Waiting tasks queue in arrival order. Only one of them sleeps on the clock (a pause, or the
/// gap to the next paced send); the others wait to be woken, one at a time, by a request that
/// leaves or finishes, so that a pace of thousands a second costs one wake-up per request,
/// not one per waiting task.
public final class RequestPacer: Sendable {
    private struct State {
        var controller: PaceController
        var inFlight = 0
        var mostInFlight = 0
        var refusals = 0
        /// Tasks waiting for room or for the clock, oldest first.
        var waiting: [CheckedContinuation<Void, Never>] = []
        /// A task is asleep until the controller's next send time.
        var clockTaken = false
        /// New work is no longer admitted (Ctrl-C); retries of sent requests still are.
        var closed = false
    }

    /// What happened to an admitted attempt.
    public enum Outcome: Sendable {
        /// Any HTTP answer but a refusal.
        case answered
        /// 429 or 503, or no answer in time; `retryAfter` in seconds when the server gave one.
        case refused(retryAfter: Double?)
        /// No answer for another reason (connection refused or lost): no word on the pace.
        case lost
    }

    /// An admitted attempt: when it left, to measure its latency.
    public struct Ticket: Sendable {
        let sentAt: Double
    }

    /// How the pace stands, for the progress line and for tests.
    public struct Status: Sendable, Equatable {
        public var inFlight: Int
        public var mostInFlight: Int
        /// Requests the window allows in flight now.
        public var window: Int
        /// Refusals (429, 503, timeouts) seen so far.
        public var refusals: Int
        /// Waiting out a server's `Retry-After`.
        public var paused: Bool
    }

    private let state: Locked<State>
    private let started = ContinuousClock.now

    /// - Parameters:
    ///   - cap: most requests in flight (`--concurrency`).
    ///   - rate: most requests sent per second (`--rate`), nil for no limit.
    public init(cap: Int, rate: Double?) {
        state = Locked(State(controller: PaceController(cap: cap, rate: rate)))
    }

    public var status: Status {
        let now = seconds()
        return state.withLock { state in
            Status(inFlight: state.inFlight, mostInFlight: state.mostInFlight,
                   window: state.controller.allowedInFlight, refusals: state.refusals,
                   paused: state.controller.pausedUntil > now)
        }
    }

    /// Admits no new work from now on: `admit(startsWork: true)` answers nil. Requests
    /// already sent still finish, retries included.
    public func close() {
        let woken = state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for waiter in woken { waiter.resume() }
    }

    /// Waits until an attempt may leave and counts it in flight. `startsWork` is true for the
    /// first attempt of a request, which `close()` turns away (nil).
    public func admit(startsWork: Bool) async throws -> Ticket? {
        enum Step { case go(Ticket), sleep(Double), wait, closed }
        while true {
            let now = seconds()
            var next: CheckedContinuation<Void, Never>?
            let step: Step = state.withLock { state in
                if state.closed && startsWork { return .closed }
                let earliest = state.controller.earliestSend(at: now)
                if earliest > now {
                    if state.clockTaken { return .wait }
                    state.clockTaken = true
                    return .sleep(earliest - now)
                }
                guard state.inFlight < state.controller.allowedInFlight else { return .wait }
                state.inFlight += 1
                state.mostInFlight = max(state.mostInFlight, state.inFlight)
                state.controller.sent(at: now)
                // The next in line may find room too, or take the clock.
                if !state.waiting.isEmpty { next = state.waiting.removeFirst() }
                return .go(Ticket(sentAt: now))
            }
            next?.resume()
            switch step {
            case .go(let ticket):
                return ticket
            case .closed:
                return nil
            case .sleep(let seconds):
                defer { releaseClock() }
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    // Looked at again under the lock: a wake-up between the decision and
                    // here must not be missed.
                    let goAgain = state.withLock { state in
                        let mustWait = (state.clockTaken || state.inFlight >= state.controller.allowedInFlight)
                            && !(state.closed && startsWork)
                        if mustWait { state.waiting.append(continuation) }
                        return !mustWait
                    }
                    if goAgain { continuation.resume() }
                }
            }
        }
    }

    /// An admitted attempt ended with `outcome`.
    public func finish(_ ticket: Ticket, _ outcome: Outcome) {
        let now = seconds()
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            switch outcome {
            case .answered:
                state.controller.answered(sentAt: ticket.sentAt, inFlight: state.inFlight, at: now)
            case .refused(let retryAfter):
                state.refusals += 1
                state.controller.refused(retryAfter: retryAfter, sentAt: ticket.sentAt, at: now)
            case .lost:
                break
            }
            state.inFlight -= 1
            return state.waiting.isEmpty ? nil : state.waiting.removeFirst()
        }
        next?.resume()
    }

    private func releaseClock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.clockTaken = false
            return state.waiting.isEmpty ? nil : state.waiting.removeFirst()
        }
        next?.resume()
    }

    private func seconds() -> Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
