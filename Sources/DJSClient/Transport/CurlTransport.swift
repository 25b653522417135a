import Foundation

/// The transport over libcurl: the library that `URLSession` itself uses on Linux, without
/// URLSession's layers on top of it (an operation queue hop, dispatch sources per socket and
/// per timer, a `URLRequest`/`HTTPURLResponse` round trip for every request). Those layers
/// cost about 350 µs of CPU per request, ten times what the request itself costs.
///
/// Requests run on event threads (one, or two with two cores or more) through libcurl's multi
/// interface: each waits on all of its connections at once, so a burst of replies costs one
/// wake-up instead of a thread switch each. The bulk calls' workers run on the event threads
/// themselves (see `preferredTaskExecutor(worker:)`), so a reply resumes its worker, which
/// sends its next request, without any thread switch.
///
/// The contract of an `HTTPTransport` here:
/// - Up to `maxConnectionsPerHost` requests run at once, each on a reused curl handle; the
///   connections stay alive between requests. More wait in line.
/// - Redirects are not followed (curl's default): the 3xx reply comes back as it is.
/// - TLS peers and host names are verified (curl's default), against the system's CAs or
///   the CA file of `network.caFile`.
/// - Requests go through `network.proxy` (an HTTP CONNECT tunnel for https) unless the host
///   matches `network.noProxy`; curl's own reading of proxy variables is switched off, so
///   the settings resolved from the configuration are the only ones used.
/// - `timeout` is an idle timeout, as URLSession's: connecting, or no byte moving for that
///   long, fails the request with `.timedOut`; a slow but live download of a long job list
///   is not cut off.
/// - Cancelling the calling task fails the request with `.cancelled` at once.
public final class CurlTransport: HTTPTransport {
    /// One event thread per core, up to two (and never more than connections): the bulk
    /// workers are spread over them, each with its share of the connections.
    private let loops: [CurlEventLoop]

    public init(maxConnectionsPerHost: Int, network: DevoNetworkSettings = DevoNetworkSettings()) {
        let limit = max(1, maxConnectionsPerHost)
        let count = min(limit, 2, max(1, ProcessInfo.processInfo.activeProcessorCount))
        loops = (0..<count).map { index in
            CurlEventLoop(limit: limit / count + (index < limit % count ? 1 : 0), network: network)
        }
    }

    deinit {
        for loop in loops { loop.stop() }
    }

    /// The event threads, as task executors: a task that prefers one (`addTask(executorPreference:)`)
    /// sends and is resumed on that thread, with no switch to another thread per request.
    /// Best for many small requests in flight at once: the bulk calls' workers.
    public func preferredTaskExecutor(worker: Int) -> (any TaskExecutor)? {
        loops[worker % loops.count]
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        // From an event thread, its own loop; from elsewhere, the first loop with room, so that
        // one request after another reuses one connection.
        let loop = loops.first { $0.isCurrentThread } ?? loops.first { $0.hasRoom } ?? loops[0]
        let exchange = CurlExchange(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(continuation)
                loop.submit(exchange)
            }
        } onCancel: {
            exchange.cancel()
            loop.abandon(exchange)
        }
    }
}
