import Foundation

/// The client's contact with time and chance, replaceable so that tests run instantly and
/// deterministically: a fixed clock (known signatures), a sleep that only records how long
/// it was asked to wait, and fixed jitter.
public struct DevoClientHooks: Sendable {
    /// Epoch milliseconds, used for `x-logtrust-timestamp`.
    public var currentTimeMillis: @Sendable () -> Int64
    /// Waits between retries (seconds). Throws `CancellationError` if the task is cancelled.
    public var sleep: @Sendable (Double) async throws -> Void
    /// A number in 0...1 that spreads retry delays.
    public var jitter: @Sendable () -> Double

    public init(currentTimeMillis: @escaping @Sendable () -> Int64,
                sleep: @escaping @Sendable (Double) async throws -> Void,
                jitter: @escaping @Sendable () -> Double) {
        self.currentTimeMillis = currentTimeMillis
        self.sleep = sleep
        self.jitter = jitter
    }

    /// The real clock, real sleeping and random jitter.
    public static let live = DevoClientHooks(
        currentTimeMillis: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        sleep: { seconds in
            guard seconds > 0 else { return }
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        },
        jitter: { Double.random(in: 0...1) })
}
