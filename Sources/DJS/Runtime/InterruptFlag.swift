import Synchronization

/// Set from a signal handler or another thread when the user presses Ctrl-C; the interpreter
/// checks it between loop iterations, calls and sleeps, and stops at the next safe point.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public func raise() { raised.store(true, ordering: .relaxed) }
    public func clear() { raised.store(false, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
