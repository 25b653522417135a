import Foundation

/// A value guarded by a lock, for the little mutable state a `Sendable` class needs
/// (a request counter, a task handle). Deliberately tiny: lock, run the closure, unlock.
final class Locked<Value>: @unchecked Sendable {
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
