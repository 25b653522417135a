import CCurl
import Foundation

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
final class CurlEventLoop: TaskExecutor, @unchecked Sendable {
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
    /// The transfers curl is running, and the idle handles kept for the next requests.
    private var running: [CurlEasy] = []
    private var spare: [CurlEasy] = []
    /// The jobs taken from `jobs` to run on this turn.
    private var ready: [UnownedJob] = []
    /// The descriptors of the last `poll`: the wake pipe first, then curl's sockets.
    private var readySockets: [pollfd] = []
    /// The clock (uptime nanoseconds) as of the last look.
    private var now: UInt64 = 0

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
            guard let created = ccurl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
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
        configure(multi)
        now = DispatchTime.now().uptimeNanoseconds
        turns: while true {
            runTasksAndStartRequests(multi)
            let nextDeadline = expireIdleTransfers(multi)
            switch nextStep() {
            case .stop: break turns
            case .turnAgain: continue
            case .sleep: waitForEvents(multi, wakeRead: wakeRead, until: nextDeadline)
            }
        }
        shutDown(multi)
    }

    /// Hands curl the callbacks and the connection limits.
    private func configure(_ multi: UnsafeMutableRawPointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_multi_set_socket_callback(multi, curlWatch)
        ccurl_multi_set_pointer(multi, CURLMOPT_SOCKETDATA, context)
        ccurl_multi_set_timer_callback(multi, curlTimer)
        ccurl_multi_set_pointer(multi, CURLMOPT_TIMERDATA, context)
        // No more connections than requests at once, and all of them kept alive.
        ccurl_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit)
        ccurl_multi_set_long(multi, CURLMOPT_MAXCONNECTS, limit)
    }

    private func finish(_ easy: CurlEasy, _ result: Result<HTTPResponse, HTTPTransportError>?,
                        in multi: UnsafeMutableRawPointer) {
        ccurl_multi_remove_handle(multi, easy.handle)
        running.removeAll { $0 === easy }
        let exchange = easy.end()
        spare.append(easy)
        lock.lock()
        inFlight -= 1
        lock.unlock()
        if let result { exchange?.finish(result) }
    }

    /// Lets curl act on `socket` (or on its timer), then hands back what it finished.
    private func act(on socket: curl_socket_t, _ events: Int32, in multi: UnsafeMutableRawPointer) {
        var stillRunning: Int32 = 0
        ccurl_multi_socket_action(multi, socket, events, &stillRunning)
        var queued: Int32 = 0
        while let message = ccurl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE,
                  let easy = running.first(where: { $0.handle == message.pointee.easy_handle }) else { continue }
            finish(easy, easy.result(message.pointee.data.result), in: multi)
        }
    }

    /// Runs the tasks' jobs, then starts what they sent: a reply's task sends its next
    /// request before the loop looks at another socket.
    private func runTasksAndStartRequests(_ multi: UnsafeMutableRawPointer) {
        let executor = asUnownedTaskExecutor()
        while true {
            lock.lock()
            swap(&ready, &jobs)
            let given = abandoned
            abandoned.removeAll()
            let taken = incoming.prefix(limit - running.count)
            incoming.removeFirst(taken.count)
            lock.unlock()
            for exchange in given {
                if let easy = running.first(where: { $0.exchange === exchange }) { finish(easy, nil, in: multi) }
            }
            for exchange in taken {
                let easy = spare.popLast() ?? CurlEasy(network: network)
                easy.begin(exchange, now: now)
                running.append(easy)
                ccurl_multi_add_handle(multi, easy.handle)
            }
            if let deadline = timerDeadline, deadline <= DispatchTime.now().uptimeNanoseconds {
                timerDeadline = nil
                act(on: CURL_SOCKET_TIMEOUT, 0, in: multi)
            }
            if ready.isEmpty { return }
            for job in ready { job.runSynchronously(on: executor) }
            ready.removeAll(keepingCapacity: true)
        }
    }

    /// Fails the transfers that moved nothing for their timeout (bytes moved since the last
    /// turn restart their clock); returns when the next one would expire, or curl's timer.
    private func expireIdleTransfers(_ multi: UnsafeMutableRawPointer) -> UInt64 {
        now = DispatchTime.now().uptimeNanoseconds
        var nextDeadline = timerDeadline ?? .max
        for easy in running {
            if easy.idleExpired(now: now) {
                finish(easy, .failure(.timedOut), in: multi)
            } else {
                nextDeadline = min(nextDeadline, easy.deadline)
            }
        }
        return nextDeadline
    }

    private enum NextStep { case stop, turnAgain, sleep }

    /// Under the lock: end the loop (the transport is gone), take another turn at once (more
    /// work came in), or sleep in `poll` (marked `sleeping`, so that new work wakes it).
    private func nextStep() -> NextStep {
        lock.lock()
        defer { lock.unlock() }
        if stopping && jobs.isEmpty {
            self.multi = nil
            eventThread = nil
            return .stop
        }
        let moreWork = !jobs.isEmpty || !incoming.isEmpty && running.count < limit || !abandoned.isEmpty
        sleeping = !moreWork
        return moreWork ? .turnAgain : .sleep
    }

    /// Sleeps in `poll` until a socket curl watches is ready, the wake pipe is written, or
    /// `nextDeadline` (uptime nanoseconds) passes; then lets curl act on the ready sockets.
    private func waitForEvents(_ multi: UnsafeMutableRawPointer, wakeRead: Int32, until nextDeadline: UInt64) {
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
            act(on: entry.fd, events, in: multi)
            runTasksAndStartRequests(multi)
        }
    }

    /// The loop has ended: fails what is still running and frees curl and the pipe.
    private func shutDown(_ multi: UnsafeMutableRawPointer) {
        for easy in running { finish(easy, .failure(.cancelled), in: multi) }
        spare.removeAll()
        ccurl_multi_cleanup(multi)
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
