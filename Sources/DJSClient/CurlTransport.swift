import CCurl
import Foundation

/// The transport over libcurl: the library that `URLSession` itself uses on Linux, without
/// URLSession's layers on top of it (an operation queue hop, dispatch sources per socket and
/// per timer, a `URLRequest`/`HTTPURLResponse` round trip for every request). Those layers
/// cost about 350 µs of CPU per request, ten times what the request itself costs.
///
/// All requests of one transport run on one event thread through libcurl's multi interface:
/// it waits on every connection at once, so a burst of replies costs one wake-up instead of
/// one thread switch each, and each reply resumes its caller straight from that thread.
///
/// Same contract as `URLSessionTransport`:
/// - Up to `maxConnectionsPerHost` requests run at once, each on a reused curl handle; the
///   connections stay alive between requests. More wait in line.
/// - Redirects are not followed (curl's default): the 3xx reply comes back as it is.
/// - TLS peers and host names are verified (curl's default, against the system's CAs).
/// - `timeout` is an idle timeout, as URLSession's: connecting, or no byte moving for that
///   long, fails the request with `.timedOut`; a slow but live download of a long job list
///   is not cut off.
/// - Cancelling the calling task fails the request with `.cancelled` at once.
public final class CurlTransport: HTTPTransport {
    private let loop: CurlEventLoop

    public init(maxConnectionsPerHost: Int) {
        loop = CurlEventLoop(limit: max(1, maxConnectionsPerHost))
    }

    deinit {
        loop.stop()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
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

/// One request in flight: what to send, and the continuation to resume exactly once (with
/// the reply, or at once with `.cancelled` when the caller gives up).
private final class CurlExchange: @unchecked Sendable {
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

/// The event thread and its curl multi handle, both started with the first request.
///
/// Other threads only hand requests in (`submit`) or take them back (`abandon`) under `lock`,
/// and wake the thread when it sleeps in `curl_multi_poll`; everything curl does happens on
/// the event thread.
private final class CurlEventLoop: @unchecked Sendable {
    // @unchecked: the fields below `lock` are only touched while it is held; the event
    // thread's own state lives in `run`.
    private let limit: Int
    private let lock = NSLock()
    private var multi: UnsafeMutableRawPointer?
    /// Submitted, not yet handed to curl, oldest first.
    private var incoming: [CurlExchange] = []
    /// Given up by their callers while curl may be running them.
    private var abandoned: [CurlExchange] = []
    /// The event thread is in (or about to enter) `curl_multi_poll` and needs a wake-up to
    /// see new work; a wake-up is already on its way when this is false.
    private var sleeping = false
    private var stopping = false

    init(limit: Int) {
        self.limit = limit
        CurlEasy.initializeLibraryOnce()
    }

    func submit(_ exchange: CurlExchange) {
        lock.lock()
        if exchange.abandoned { lock.unlock(); return }
        incoming.append(exchange)
        let startThread = multi == nil
        if startThread {
            guard let created = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
            multi = created
        }
        let wake = sleeping ? multi : nil
        sleeping = false
        lock.unlock()
        if startThread {
            let thread = Thread { [self] in run() }
            thread.name = "djs-http"
            thread.start()
        }
        // The transport is alive while a request is being sent, so the handle is too.
        if let wake { curl_multi_wakeup(wake) }
    }

    func abandon(_ exchange: CurlExchange) {
        lock.lock()
        exchange.abandoned = true
        if let index = incoming.firstIndex(where: { $0 === exchange }) {
            incoming.remove(at: index)
            lock.unlock()
            return
        }
        abandoned.append(exchange)
        let wake = sleeping ? multi : nil
        sleeping = false
        lock.unlock()
        if let wake { curl_multi_wakeup(wake) }
    }

    /// Called when the transport goes away, so with no request in flight.
    func stop() {
        lock.lock()
        stopping = true
        // Under the lock: the event thread frees the handle once it sees `stopping`.
        if let multi { curl_multi_wakeup(multi) }
        lock.unlock()
    }

    private func run() {
        lock.lock()
        guard let multi else { lock.unlock(); return }
        lock.unlock()
        // No more connections than requests at once, and all of them kept alive.
        ccurl_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit)
        ccurl_multi_set_long(multi, CURLMOPT_MAXCONNECTS, limit)
        var running: [CurlEasy] = []
        var spare: [CurlEasy] = []
        var now = DispatchTime.now().uptimeNanoseconds

        func finish(_ easy: CurlEasy, _ result: Result<HTTPResponse, HTTPTransportError>?) {
            curl_multi_remove_handle(multi, easy.handle)
            running.removeAll { $0 === easy }
            let exchange = easy.end()
            spare.append(easy)
            if let result { exchange?.finish(result) }
        }

        while true {
            lock.lock()
            if stopping {
                self.multi = nil
                lock.unlock()
                break
            }
            let given = abandoned
            abandoned.removeAll()
            let free = limit - running.count
            let taken = incoming.prefix(free)
            incoming.removeFirst(taken.count)
            lock.unlock()

            for exchange in given {
                if let easy = running.first(where: { $0.exchange === exchange }) { finish(easy, nil) }
            }
            for exchange in taken {
                let easy = spare.popLast() ?? CurlEasy()
                easy.begin(exchange, now: now)
                running.append(easy)
                curl_multi_add_handle(multi, easy.handle)
            }

            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE,
                      let easy = running.first(where: { $0.handle == message.pointee.easy_handle }) else { continue }
                finish(easy, easy.result(message.pointee.data.result))
            }

            // The idle clock: bytes moved since the last turn restart it.
            now = DispatchTime.now().uptimeNanoseconds
            var nextDeadline = UInt64.max
            for easy in running {
                if easy.idleExpired(now: now) {
                    finish(easy, .failure(.timedOut))
                } else {
                    nextDeadline = min(nextDeadline, easy.deadline)
                }
            }

            lock.lock()
            let moreWork = !incoming.isEmpty && running.count < limit || !abandoned.isEmpty || stopping
            sleeping = !moreWork
            lock.unlock()
            if moreWork { continue }
            let waitMillis = nextDeadline == .max ? 60_000 : min(60_000, (nextDeadline - min(now, nextDeadline)) / 1_000_000 + 1)
            curl_multi_poll(multi, nil, 0, Int32(waitMillis), nil)
            lock.lock()
            sleeping = false
            lock.unlock()
            now = DispatchTime.now().uptimeNanoseconds
        }

        for easy in running { finish(easy, .failure(.cancelled)) }
        spare.removeAll()
        curl_multi_cleanup(multi)
    }
}

/// One curl easy handle, reused request after request by the event thread; its options
/// that never change are set once.
private final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorText: UnsafeMutablePointer<CChar>
    private(set) var exchange: CurlExchange?
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    /// Set by the header and body callbacks; the event loop turns it into `lastActivity`.
    var sawBytes = false
    private var lastActivity: UInt64 = 0
    private var idleLimit: UInt64 = 0
    private var uploaded: curl_off_t = 0

    private static let libraryInitialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    static func initializeLibraryOnce() { _ = libraryInitialized }

    init() {
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        self.handle = handle
        errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)   // threads: no SIGALRM for timeouts
        ccurl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader)
        ccurl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        ccurl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlBody)
        ccurl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        ccurl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(requestHeaders)
        errorText.deallocate()
    }

    var deadline: UInt64 { lastActivity &+ idleLimit }

    /// Sets the options of this request (every one a previous request may have changed).
    func begin(_ exchange: CurlExchange, now: UInt64) {
        self.exchange = exchange
        let request = exchange.request
        errorText[0] = 0
        lastActivity = now
        idleLimit = UInt64(max(0.001, request.timeout) * 1_000_000_000)
        uploaded = 0

        for (name, value) in request.headers { requestHeaders = curl_slist_append(requestHeaders, "\(name): \(value)") }
        // No "Expect: 100-continue" round trip before a POST body.
        requestHeaders = curl_slist_append(requestHeaders, "Expect:")

        ccurl_set_pointer(handle, CURLOPT_URL, request.url.absoluteString)
        ccurl_set_pointer(handle, CURLOPT_HTTPHEADER, requestHeaders)
        switch request.method {
        case "GET":
            ccurl_set_long(handle, CURLOPT_HTTPGET, 1)
            ccurl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        default:
            ccurl_set_long(handle, CURLOPT_POST, 1)
            ccurl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            if request.body.isEmpty {
                ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                request.body.withUnsafeBytes { _ = ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            }
            ccurl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, request.method == "POST" ? nil : request.method)
        }
        ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, CurlEasy.milliseconds(request.timeout))
    }

    /// Forgets the request; the handle (and its connection, in the multi handle's cache) stays.
    func end() -> CurlExchange? {
        let ended = exchange
        exchange = nil
        curl_slist_free_all(requestHeaders)
        requestHeaders = nil
        headers = [:]
        body = []
        sawBytes = false
        return ended
    }

    /// Whether nothing moved for longer than the timeout. A long upload counts as moving.
    func idleExpired(now: UInt64) -> Bool {
        if sawBytes {
            sawBytes = false
            lastActivity = now
            return false
        }
        guard now > deadline else { return false }
        var sent: curl_off_t = 0
        ccurl_get_off(handle, CURLINFO_SIZE_UPLOAD_T, &sent)
        if sent != uploaded {
            uploaded = sent
            lastActivity = now
            return false
        }
        return true
    }

    /// The outcome of a finished transfer.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPTransportError> {
        guard code == CURLE_OK else {
            return .failure(Self.transportError(code, detail: String(cString: errorText)))
        }
        var status = 0
        ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(statusCode: status, headers: headers, body: body))
    }

    static func milliseconds(_ seconds: Double) -> Int {
        Int(min(max(1, seconds * 1000), Double(Int32.max)))
    }

    /// A header line. A status line starts a new set: a `100 Continue` or a reply to a
    /// proxy's CONNECT may come before the real one.
    func header(_ line: UnsafeBufferPointer<UInt8>) {
        sawBytes = true
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

    func received(_ bytes: UnsafeBufferPointer<UInt8>) {
        sawBytes = true
        body.append(contentsOf: bytes)
    }

    /// Without the spaces, tabs and line ending around it.
    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// Sorts curl's result codes into the kinds the retry rules distinguish.
    static func transportError(_ code: CURLcode, detail: String) -> HTTPTransportError {
        let reason = (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail) + " (curl \(code.rawValue))"
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .cannotConnect(reason)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
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

private func curlEasy(_ context: UnsafeMutableRawPointer?) -> CurlEasy {
    Unmanaged<CurlEasy>.fromOpaque(context!).takeUnretainedValue()
}

private let curlHeader: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    data?.withMemoryRebound(to: UInt8.self, capacity: length) {
        curlEasy(context).header(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private let curlBody: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    data?.withMemoryRebound(to: UInt8.self, capacity: length) {
        curlEasy(context).received(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}
