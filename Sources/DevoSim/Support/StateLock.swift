import Foundation

/// A value guarded by a plain mutex (`NSLock`, a pthread mutex), for the simulator's shared
/// state.
///
/// Not the standard library's `Mutex`: on Linux that one spins before it sleeps, and with
/// a thread per connection on a machine with fewer cores than connections the spinning
/// threads took the cores from the thread holding the lock. Under `wrk -c 8` on two cores
/// more than half of the simulator's time was spent spinning in `Mutex._lockSlow`; a
/// sleeping lock gives that time back to the requests.
final class StateLock<Value>: @unchecked Sendable {
    // @unchecked is sound because `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
