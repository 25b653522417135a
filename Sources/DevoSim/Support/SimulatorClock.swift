import DJSSupport
import Foundation

/// The simulator's notion of "now", injectable so tests can move a job through its
/// lifecycle without sleeping.
public protocol SimulatorClock: Sendable {
    /// Milliseconds since 1970-01-01 UTC.
    func nowMilliseconds() -> Int64
}

/// Wall-clock time.
public struct SystemClock: SimulatorClock {
    public init() {}
    public func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// A clock that only moves when told to; for deterministic tests.
public final class ManualClock: SimulatorClock {
    /// A pthread mutex, which ThreadSanitizer sees (not the standard library's `Mutex`): the
    /// server's connection threads read the clock while a test moves it.
    private let current: Locked<Int64>

    public init(milliseconds: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) {
        current = Locked(milliseconds)
    }

    public func nowMilliseconds() -> Int64 { current.withLock { $0 } }

    public func advance(seconds: Double) {
        current.withLock { $0 += Int64(seconds * 1000) }
    }

    public func set(milliseconds: Int64) {
        current.withLock { $0 = milliseconds }
    }
}
