import Foundation

/// One request in flight: what to send, and the continuation to resume exactly once (with
/// the reply, or at once with `.cancelled` when the caller gives up).
final class CurlExchange: @unchecked Sendable {
    // @unchecked: `continuation` and `cancelled` are only touched under `lock`; `abandoned`
    // only under the event loop's lock.
    let request: HTTPRequest
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var cancelled = false
    /// The caller gave up: the event loop drops the request, or aborts it if it is running.
    var abandoned = false

    init(_ request: HTTPRequest) { self.request = request }

    func start(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        lock.lock()
        let alreadyCancelled = cancelled
        self.continuation = alreadyCancelled ? nil : continuation
        lock.unlock()
        if alreadyCancelled { continuation.resume(throwing: HTTPTransportError.cancelled) }
    }

    func cancel() {
        finish(.failure(.cancelled), cancelling: true)
    }

    func finish(_ result: Result<HTTPResponse, HTTPTransportError>, cancelling: Bool = false) {
        lock.lock()
        if cancelling { cancelled = true }
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: result.mapError { $0 as any Error })
    }
}
