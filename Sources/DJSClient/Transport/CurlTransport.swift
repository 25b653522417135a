import CCurl
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
/// Same contract as `URLSessionTransport`:
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

/// One event thread and its curl multi handle, both started with the first request.
///
/// Other threads only hand requests in (`submit`) or take them back (`abandon`) under `lock`,
/// and wake the thread through a pipe when it sleeps in `poll`; everything curl does happens
/// on the event thread. Curl is driven by socket events (`curl_multi_socket_action`): it
/// names the sockets and the timer it needs, and is called for just the socket that is
/// ready, so one reply costs one read and no look at the other connections.
///
/// The loop is also a task executor: tasks that prefer it run their jobs on the event thread.
/// Such a task builds its request, hands it to curl, and is resumed with the reply all on this
/// one thread; its next request leaves as soon as the task has handled the reply.
private final class CurlEventLoop: TaskExecutor, @unchecked Sendable {
    // @unchecked: the fields below `lock` are only touched while it is held; the fields
    // after them only on the event thread.
    private let limit: Int
    private let network: DevoNetworkSettings
    private let lock = NSLock()
    private var multi: UnsafeMutableRawPointer?
    /// The pipe that wakes the event thread: read end, write end.
    private var wakeEnds: (read: Int32, write: Int32) = (-1, -1)
    /// Submitted, not yet handed to curl, oldest first.
    private var incoming: [CurlExchange] = []
    /// Given up by their callers while curl may be running them.
    private var abandoned: [CurlExchange] = []
    /// Jobs of tasks that prefer this executor, to run on the event thread.
    private var jobs: [UnownedJob] = []
    /// The event thread is in (or about to enter) `poll` and needs a wake-up to see new work;
    /// a wake-up is already on its way when this is false.
    private var sleeping = false
    private var stopping = false
    /// Requests submitted and not yet finished or abandoned.
    private var inFlight = 0
    private var eventThread: pthread_t?

    /// The sockets curl waits on, with the `poll` events it wants.
    private var watched: [(socket: Int32, events: Int16)] = []
    /// When curl wants `CURL_SOCKET_TIMEOUT` (uptime nanoseconds), if it does.
    private var timerDeadline: UInt64?

    init(limit: Int, network: DevoNetworkSettings) {
        self.limit = limit
        self.network = network
        CurlEasy.initializeLibraryOnce()
    }

    func submit(_ exchange: CurlExchange) {
        lock.lock()
        if exchange.abandoned { lock.unlock(); return }
        incoming.append(exchange)
        inFlight += 1
        wakeAndUnlock()
    }

    /// Whether a request submitted now would start at once.
    var hasRoom: Bool {
        lock.lock(); defer { lock.unlock() }
        return inFlight < limit
    }

    /// Whether the caller runs on this loop's event thread.
    var isCurrentThread: Bool {
        lock.lock(); defer { lock.unlock() }
        guard let eventThread else { return false }
        return pthread_equal(eventThread, pthread_self()) != 0
    }

    func abandon(_ exchange: CurlExchange) {
        lock.lock()
        exchange.abandoned = true
        if let index = incoming.firstIndex(where: { $0 === exchange }) {
            incoming.remove(at: index)
            inFlight -= 1
            lock.unlock()
            return
        }
        abandoned.append(exchange)
        wakeAndUnlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        lock.lock()
        jobs.append(job)
        wakeAndUnlock()
    }

    /// With `lock` held and new work added: starts the event thread if need be, or wakes it
    /// if it sleeps, and releases the lock.
    private func wakeAndUnlock() {
        let startThread = multi == nil
        if startThread {
            guard let created = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
            var ends: [Int32] = [-1, -1]
            guard ccurl_wake_pipe(&ends) == 0 else { fatalError("pipe failed: errno \(errno)") }
            multi = created
            wakeEnds = (ends[0], ends[1])
        }
        let wake = sleeping
        sleeping = false
        let wakeLine = wakeEnds.write
        lock.unlock()
        if startThread {
            let thread = Thread { [self] in run() }
            thread.name = "djs-http"
            thread.start()
        }
        // Work in flight keeps the transport, so the pipe, open.
        if wake { CurlEventLoop.signal(wakeLine) }
    }

    private static func signal(_ wakeLine: Int32) {
        var byte: UInt8 = 1
        _ = write(wakeLine, &byte, 1)
    }

    /// Called when the transport goes away, so with no request in flight.
    func stop() {
        lock.lock()
        stopping = true
        // Under the lock: the event thread closes the pipe once it sees `stopping`.
        if multi != nil { CurlEventLoop.signal(wakeEnds.write) }
        lock.unlock()
    }

    // MARK: - The event thread

    /// Curl's socket callback: watch `socket` for `what`, or no longer.
    fileprivate func watch(_ socket: Int32, _ what: Int32) {
        watched.removeAll { $0.socket == socket }
        let events: Int16
        switch what {
        case CURL_POLL_IN: events = Int16(POLLIN)
        case CURL_POLL_OUT: events = Int16(POLLOUT)
        case CURL_POLL_INOUT: events = Int16(POLLIN) | Int16(POLLOUT)
        default: return   // CURL_POLL_REMOVE
        }
        watched.append((socket, events))
    }

    /// Curl's timer callback: call back in `milliseconds`, or never (-1).
    fileprivate func setTimer(_ milliseconds: Int) {
        timerDeadline = milliseconds < 0 ? nil
            : DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
    }

    private func run() {
        lock.lock()
        guard let multi else { lock.unlock(); return }
        let wakeRead = wakeEnds.read
        eventThread = pthread_self()
        lock.unlock()
        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_multi_set_socket_callback(multi, curlWatch)
        ccurl_multi_set_pointer(multi, CURLMOPT_SOCKETDATA, context)
        ccurl_multi_set_timer_callback(multi, curlTimer)
        ccurl_multi_set_pointer(multi, CURLMOPT_TIMERDATA, context)
        // No more connections than requests at once, and all of them kept alive.
        ccurl_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit)
        ccurl_multi_set_long(multi, CURLMOPT_MAXCONNECTS, limit)
        let executor = asUnownedTaskExecutor()
        var ready: [UnownedJob] = []
        var running: [CurlEasy] = []
        var spare: [CurlEasy] = []
        var readySockets: [pollfd] = []
        var now = DispatchTime.now().uptimeNanoseconds

        func finish(_ easy: CurlEasy, _ result: Result<HTTPResponse, HTTPTransportError>?) {
            curl_multi_remove_handle(multi, easy.handle)
            running.removeAll { $0 === easy }
            let exchange = easy.end()
            spare.append(easy)
            lock.lock()
            inFlight -= 1
            lock.unlock()
            if let result { exchange?.finish(result) }
        }

        /// Lets curl act on `socket` (or on its timer), then hands back what it finished.
        func act(on socket: curl_socket_t, _ events: Int32) {
            var stillRunning: Int32 = 0
            curl_multi_socket_action(multi, socket, events, &stillRunning)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE,
                      let easy = running.first(where: { $0.handle == message.pointee.easy_handle }) else { continue }
                finish(easy, easy.result(message.pointee.data.result))
            }
        }

        /// Runs the tasks' jobs, then starts what they sent: a reply's task sends its next
        /// request before the loop looks at another socket.
        func runTasksAndStartRequests() {
            while true {
                lock.lock()
                swap(&ready, &jobs)
                let given = abandoned
                abandoned.removeAll()
                let taken = incoming.prefix(limit - running.count)
                incoming.removeFirst(taken.count)
                lock.unlock()
                for exchange in given {
                    if let easy = running.first(where: { $0.exchange === exchange }) { finish(easy, nil) }
                }
                for exchange in taken {
                    let easy = spare.popLast() ?? CurlEasy(network: network)
                    easy.begin(exchange, now: now)
                    running.append(easy)
                    curl_multi_add_handle(multi, easy.handle)
                }
                if let deadline = timerDeadline, deadline <= DispatchTime.now().uptimeNanoseconds {
                    timerDeadline = nil
                    act(on: CURL_SOCKET_TIMEOUT, 0)
                }
                if ready.isEmpty { return }
                for job in ready { job.runSynchronously(on: executor) }
                ready.removeAll(keepingCapacity: true)
            }
        }

        while true {
            runTasksAndStartRequests()

            // The idle clock: bytes moved since the last turn restart it.
            now = DispatchTime.now().uptimeNanoseconds
            var nextDeadline = timerDeadline ?? .max
            for easy in running {
                if easy.idleExpired(now: now) {
                    finish(easy, .failure(.timedOut))
                } else {
                    nextDeadline = min(nextDeadline, easy.deadline)
                }
            }

            lock.lock()
            if stopping && jobs.isEmpty {
                self.multi = nil
                eventThread = nil
                lock.unlock()
                break
            }
            let moreWork = !jobs.isEmpty || !incoming.isEmpty && running.count < limit || !abandoned.isEmpty
            sleeping = !moreWork
            lock.unlock()
            if moreWork { continue }

            // Rounded up: waking a little late is fine, spinning until the deadline is not.
            let waitMillis = nextDeadline == .max ? 60_000
                : min(60_000, (nextDeadline - min(now, nextDeadline) + 999_999) / 1_000_000)
            readySockets.removeAll(keepingCapacity: true)
            readySockets.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            for (socket, events) in watched { readySockets.append(pollfd(fd: socket, events: events, revents: 0)) }
            _ = poll(&readySockets, nfds_t(readySockets.count), Int32(waitMillis))
            lock.lock()
            sleeping = false
            lock.unlock()
            now = DispatchTime.now().uptimeNanoseconds

            if readySockets[0].revents != 0 {
                var drain = (UInt64(0), UInt64(0))
                _ = withUnsafeMutableBytes(of: &drain) { read(wakeRead, $0.baseAddress, $0.count) }
            }
            for entry in readySockets.dropFirst() where entry.revents != 0 {
                var events: Int32 = 0
                if entry.revents & Int16(POLLIN | POLLHUP) != 0 { events |= CURL_CSELECT_IN }
                if entry.revents & Int16(POLLOUT) != 0 { events |= CURL_CSELECT_OUT }
                if entry.revents & Int16(POLLERR | POLLNVAL) != 0 { events |= CURL_CSELECT_ERR }
                act(on: entry.fd, events)
                runTasksAndStartRequests()
            }
        }

        for easy in running { finish(easy, .failure(.cancelled)) }
        spare.removeAll()
        curl_multi_cleanup(multi)
        lock.lock()
        close(wakeEnds.read)
        close(wakeEnds.write)
        wakeEnds = (-1, -1)
        lock.unlock()
    }
}

private func curlEventLoop(_ context: UnsafeMutableRawPointer?) -> CurlEventLoop {
    Unmanaged<CurlEventLoop>.fromOpaque(context!).takeUnretainedValue()
}

private let curlWatch: ccurl_socket_callback = { _, socket, what, context, _ in
    curlEventLoop(context).watch(socket, what)
    return 0
}

private let curlTimer: ccurl_timer_callback = { _, milliseconds, context in
    curlEventLoop(context).setTimer(milliseconds)
    return 0
}

/// One curl easy handle, reused request after request by the event thread; its options
/// that never change are set once.
private final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorText: UnsafeMutablePointer<CChar>
    private(set) var exchange: CurlExchange?
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private var line: [UInt8] = []
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

    init(network: DevoNetworkSettings) {
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
        // curl copies string options, so the Swift strings need not outlive these calls.
        if let caFile = network.caFile { ccurl_set_pointer(handle, CURLOPT_CAINFO, caFile) }
        // An empty proxy makes curl ignore the proxy environment variables.
        ccurl_set_pointer(handle, CURLOPT_PROXY, network.proxy ?? "")
        if let noProxy = network.noProxy { ccurl_set_pointer(handle, CURLOPT_NOPROXY, noProxy) }
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

        for (name, value) in request.headers {
            // "name: value" as a C string, built in a buffer kept from request to request.
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: name.utf8)
            line.append(contentsOf: ": ".utf8)
            line.append(contentsOf: value.utf8)
            line.append(0)
            requestHeaders = line.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { curl_slist_append(requestHeaders, $0.baseAddress) }
            }
        }
        if request.method != "GET" {
            // No "Expect: 100-continue" round trip before a body.
            requestHeaders = curl_slist_append(requestHeaders, "Expect:")
        }

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
    /// Sent bytes are looked at every turn, not only once the deadline has passed: a body
    /// sent at the start would otherwise restart the clock at the first deadline and double
    /// the timeout of every POST.
    func idleExpired(now: UInt64) -> Bool {
        var sent: curl_off_t = 0
        ccurl_get_off(handle, CURLINFO_SIZE_UPLOAD_T, &sent)
        if sawBytes || sent != uploaded {
            sawBytes = false
            uploaded = sent
            lastActivity = now
            return false
        }
        return now > deadline
    }

    /// The outcome of a finished transfer.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPTransportError> {
        guard code == CURLE_OK else {
            return .failure(Self.transportError(code, detail: String(cString: errorText)))
        }
        var status = 0
        ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(statusCode: status, lowercasedHeaders: headers, body: body))
    }

    static func milliseconds(_ seconds: Double) -> Int {
        Int(min(max(1, seconds * 1000), Double(Int32.max)))
    }

    /// A header line, its name lowercased (as `HTTPResponse` keeps them). A status line
    /// starts a new set: a `100 Continue` or a reply to a proxy's CONNECT may come before the
    /// real one.
    func header(_ line: UnsafeBufferPointer<UInt8>) {
        sawBytes = true
        if line.starts(with: "HTTP/".utf8) { headers = [:]; return }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.lowercasedString(Self.trimmed(line[..<colon]))
        let value = String(decoding: UnsafeBufferPointer(rebasing: Self.trimmed(line[(colon + 1)...])), as: UTF8.self)
        headers[name] = value
        if name == "content-length", let length = Int(value), length > 0 {
            // Reserved once instead of doubling through a long job list (bounded: the header
            // is the server's word, not a promise).
            body.reserveCapacity(min(length, 256 << 20))
        }
    }

    /// The bytes as a string, ASCII letters lowercased, written straight into its storage.
    private static func lowercasedString(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { text in
            for (index, byte) in bytes.enumerated() {
                text[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return bytes.count
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
