import Foundation

/// Runs work on a thread with a large stack.
///
/// The machine recurses once per call (and the code generator, and the closure compiler it
/// falls back on, once per nested expression); the parser once per nesting level. Both have explicit limits (`Parser.maximumNesting`, `Interpreter.maximumCallDepth`)
/// that turn runaway programs into errors, and this stack is sized so those limits are reached
/// long before the real stack runs out, whatever thread the caller is on.
public enum LargeStack {
    public static let size = 512 << 20

    public static func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) -> Result {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<Result>()
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return box.value!
    }

    /// The same, for async callers: suspends instead of blocking, so that work which itself
    /// waits on Swift concurrency tasks (the HTTP client) cannot starve the cooperative pool.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = size
            thread.start()
        }
    }

    /// Written by the worker thread before it signals, read by the caller after waiting.
    private final class ResultBox<Value: Sendable>: @unchecked Sendable {
        var value: Value?
    }
}
