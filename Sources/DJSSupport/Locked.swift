import Foundation

/// A value guarded by a plain mutex (`NSLock`, a pthread mutex), for the little mutable state
/// a `Sendable` class shares between threads (a request counter, a task handle, the
/// simulator's job store). Deliberately tiny: lock, run the closure, unlock.
///
/// Not the standard library's `Mutex`: on Linux that one spins before it sleeps, and with a
/// thread per connection on a machine with fewer cores than connections the spinning threads
/// took the cores from the thread holding the lock (under `wrk -c 8` on two cores more than
/// half of the simulator's time was spent spinning in `Mutex._lockSlow`); a sleeping lock
/// gives that time back. And ThreadSanitizer sees a pthread mutex's lock and unlock, while
/// `Mutex` locks with atomics inside the standard library, so every access it guards was
/// reported as a race.
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked is sound because `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
