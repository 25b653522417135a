import CCurl
import Foundation

/// The transport over libcurl's easy interface: the library that `URLSession` itself uses on
/// Linux, without URLSession's layers on top of it (an operation queue hop, dispatch sources
/// per socket and per timer, a `URLRequest`/`HTTPURLResponse` round trip for every request).
/// Those layers cost about 350 µs of CPU per request, ten times what the request itself costs:
/// `URLSession` topped out near 3,000 requests/s against the simulator on two cores, this
/// transport near 25,000, for plain HTTP and HTTPS alike.
///
/// Same contract as `URLSessionTransport`:
/// - Up to `maxConnectionsPerHost` requests run at once, each on a worker thread that owns
///   one curl handle and so keeps its connection alive between requests. More wait in line.
/// - Redirects are not followed (curl's default): the 3xx reply comes back as it is.
/// - TLS peers and host names are verified (curl's default, against the system's CAs).
/// - `timeout` is an idle timeout, as URLSession's: connecting, or no byte moving for that
///   long, fails the request with `.timedOut`; a slow but live download of a long job list
///   is not cut off.
/// - Cancelling the calling task fails the request with `.cancelled` at once.
public final class CurlTransport: HTTPTransport {
    private let workers: CurlWorkers

    public init(maxConnectionsPerHost: Int) {
        workers = CurlWorkers(limit: max(1, maxConnectionsPerHost))
    }

    deinit {
        workers.stop()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let exchange = CurlExchange(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(continuation)
                workers.submit(exchange)
            }
        } onCancel: {
            exchange.cancel()
        }
    }
}

/// One request in flight: what to send, and the continuation to resume exactly once (with
/// the reply, or at once with `.cancelled` when the caller gives up).
private final class CurlExchange: @unchecked Sendable {
    // @unchecked: the mutable state is only touched under `lock`.
    let request: HTTPRequest
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var cancelled = false

    init(_ request: HTTPRequest) { self.request = request }

    func start(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        lock.lock()
        let alreadyCancelled = cancelled
        self.continuation = alreadyCancelled ? nil : continuation
        lock.unlock()
        if alreadyCancelled { continuation.resume(throwing: HTTPTransportError.cancelled) }
    }

    var isCancelled: Bool {
        lock.lock(); defer { lock.unlock() }
        return cancelled
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

/// Worker threads, started as requests need them up to `limit`, each with its own handle.
private final class CurlWorkers: @unchecked Sendable {
    // @unchecked: the mutable state is only touched while `condition` is locked.
    private let limit: Int
    private let condition = NSCondition()
    private var waiting: [CurlExchange] = []
    private var threads = 0
    /// Workers performing a request right now.
    private var busy = 0
    private var stopping = false

    init(limit: Int) {
        self.limit = limit
        CurlHandle.initializeLibraryOnce()
    }

    func submit(_ exchange: CurlExchange) {
        condition.lock()
        waiting.append(exchange)
        // A new worker (and connection) only when the ones there are cannot keep up: a
        // caller sending one request after another keeps reusing one connection.
        let startThread = threads < limit && waiting.count + busy > threads
        if startThread { threads += 1 }
        condition.signal()
        condition.unlock()
        if startThread {
            let thread = Thread { [self] in run() }
            thread.name = "djs-http"
            thread.start()
        }
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        let handle = CurlHandle()
        while let exchange = next() {
            let result = exchange.isCancelled ? nil : handle.perform(exchange.request, isCancelled: { exchange.isCancelled })
            // Free before the caller hears back, so that its next request finds this worker.
            condition.lock()
            busy -= 1
            condition.unlock()
            if let result { exchange.finish(result) }
        }
    }

    /// The oldest waiting request, or nil when the transport is gone.
    private func next() -> CurlExchange? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty {
            if stopping { threads -= 1; return nil }
            condition.wait()
        }
        busy += 1
        return waiting.removeFirst()
    }
}

/// One curl easy handle: one connection kept alive, used by one thread at a time.
private final class CurlHandle {
    private let handle: UnsafeMutableRawPointer

    private static let libraryInitialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    static func initializeLibraryOnce() { _ = libraryInitialized }

    init() {
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    func perform(_ request: HTTPRequest, isCancelled: @escaping () -> Bool) -> Result<HTTPResponse, HTTPTransportError> {
        // Forget the previous request's options; the live connection and caches stay.
        curl_easy_reset(handle)
        let transfer = CurlTransfer(timeout: request.timeout, isCancelled: isCancelled)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorText.deallocate() }

        var headers: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers { headers = curl_slist_append(headers, "\(name): \(value)") }
        // No "Expect: 100-continue" round trip before a POST body.
        headers = curl_slist_append(headers, "Expect:")
        defer { curl_slist_free_all(headers) }

        ccurl_set_pointer(handle, CURLOPT_URL, request.url.absoluteString)
        ccurl_set_pointer(handle, CURLOPT_HTTPHEADER, headers)
        switch request.method {
        case "GET":
            ccurl_set_long(handle, CURLOPT_HTTPGET, 1)
        default:
            ccurl_set_long(handle, CURLOPT_POST, 1)
            ccurl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            if request.body.isEmpty {
                ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                request.body.withUnsafeBytes { _ = ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            }
            if request.method != "POST" { ccurl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, request.method) }
        }
        ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)   // threads: no SIGALRM for timeouts
        ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, CurlTransfer.milliseconds(request.timeout))
        ccurl_set_long(handle, CURLOPT_NOPROGRESS, 0)
        ccurl_set_progress_callback(handle, curlProgress)
        ccurl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        ccurl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader)
        ccurl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        ccurl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlBody)
        ccurl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        ccurl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorText)

        let code = curl_easy_perform(handle)
        ccurl_set_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        guard code == CURLE_OK else {
            return .failure(Self.transportError(code, detail: String(cString: errorText), transfer: transfer))
        }
        var status = 0
        ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(statusCode: status, headers: transfer.headers, body: transfer.body))
    }

    /// Sorts curl's result codes into the kinds the retry rules distinguish.
    static func transportError(_ code: CURLcode, detail: String, transfer: CurlTransfer) -> HTTPTransportError {
        let reason = (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail) + " (curl \(code.rawValue))"
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .cannotConnect(reason)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_ABORTED_BY_CALLBACK:
            return transfer.timedOut ? .timedOut : .cancelled
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionLost(reason)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            return .tlsFailure(reason)
        default:
            return .other(reason)
        }
    }
}

/// What one transfer receives, and its idle clock; handed to curl's callbacks as context.
private final class CurlTransfer {
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    private(set) var timedOut = false
    private let idleLimit: UInt64
    private let isCancelled: () -> Bool
    private var lastProgress: (bytes: Int64, at: UInt64)

    init(timeout: Double, isCancelled: @escaping () -> Bool) {
        idleLimit = UInt64(max(0.001, timeout) * 1_000_000_000)
        self.isCancelled = isCancelled
        lastProgress = (0, DispatchTime.now().uptimeNanoseconds)
    }

    static func milliseconds(_ seconds: Double) -> Int {
        Int(min(max(1, seconds * 1000), Double(Int32.max)))
    }

    /// A header line. A status line starts a new set: a `100 Continue` or a reply to a
    /// proxy's CONNECT may come before the real one.
    func header(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: "HTTP/".utf8) { headers = [:]; return }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: Self.trimmed(line[..<colon]), as: UTF8.self)
        let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
        headers[name] = value
        if name.lowercased() == "content-length", let length = Int(value), length > 0 {
            // Reserved once instead of doubling through a long job list (bounded: the header
            // is the server's word, not a promise).
            body.reserveCapacity(min(length, 256 << 20))
        }
    }

    /// Without the spaces, tabs and line ending around it.
    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// Whether to go on: false when the caller cancelled or nothing moved for too long.
    func progress(bytes: Int64) -> Bool {
        if isCancelled() { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        if bytes != lastProgress.bytes {
            lastProgress = (bytes, now)
        } else if now - lastProgress.at > idleLimit {
            timedOut = true
            return false
        }
        return true
    }
}

private func curlTransfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
}

private let curlHeader: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    data?.withMemoryRebound(to: UInt8.self, capacity: length) {
        curlTransfer(context).header(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private let curlBody: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    data?.withMemoryRebound(to: UInt8.self, capacity: length) {
        curlTransfer(context).body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private let curlProgress: ccurl_progress_callback = { context, _, downloaded, _, uploaded in
    curlTransfer(context).progress(bytes: Int64(downloaded) + Int64(uploaded)) ? 0 : 1
}
