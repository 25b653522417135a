#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DJSSupport
import Foundation

/// What the application wants done with a request.
enum HTTPReply: Sendable {
    /// Write this response.
    case respond(HTTPResponse)
    /// Write the head and about half of the body, then close the connection (fault
    /// injection: a connection dropped mid-response).
    case dropMidway(HTTPResponse)
    /// Never answer; keep the connection open until the client or the server closes it
    /// (fault injection: a server that accepts and never answers).
    case hang
}

enum HTTPServerError: Error, CustomStringConvertible {
    case socket(operation: String, errno: Int32)
    case alreadyStarted

    var description: String {
        switch self {
        case .alreadyStarted:
            return "the simulator is already running"
        case .socket(let operation, let code):
            return "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// A small HTTP/1.1 server on a loopback TCP socket: one accept thread and one thread per
/// connection (up to `limits.maxConnections`), persistent connections, bounded reads and
/// deadlines everywhere. Threads rather than an event loop keep the code short and
/// obviously correct; the per-request cost is dominated by the handler anyway.
final class HTTPServer: Sendable {
    typealias Handler = @Sendable (HTTPRequest) -> HTTPReply
    /// Called for requests that fail before reaching the handler (malformed, too large…), so
    /// they appear in the request log too.
    typealias RejectionObserver = @Sendable (_ status: Int) -> Void

    private let limits: ServerLimits
    private let handler: Handler
    private let onRejection: RejectionObserver

    private struct State {
        var listeningSocket: Int32 = -1
        var port = 0
        var stopped = false
        /// Sockets of live connections, so that `stop` can wake their threads.
        var connections: Set<Int32> = []
    }
    /// A pthread mutex (`Locked`), not the standard library's `Mutex`: ThreadSanitizer
    /// sees a pthread mutex's lock and unlock, while `Mutex` takes its lock with atomics inside
    /// the uninstrumented Synchronization library, so every access to this state from the
    /// accept thread, a connection thread and `stop` was reported as a data race.
    private let state = Locked(State())

    init(limits: ServerLimits, handler: @escaping Handler, onRejection: @escaping RejectionObserver = { _ in }) {
        self.limits = limits
        self.handler = handler
        self.onRejection = onRejection
    }

    var port: Int { state.withLock { $0.port } }

    /// Binds 127.0.0.1:`port` (0 = any free port), listens and starts accepting.
    func start(port requestedPort: Int) throws {
        guard state.withLock({ $0.listeningSocket < 0 }) else { throw HTTPServerError.alreadyStarted }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw HTTPServerError.socket(operation: "socket", errno: errno) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: requestedPort).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(listener)
            throw HTTPServerError.socket(operation: "bind to 127.0.0.1:\(requestedPort)", errno: code)
        }
        guard listen(listener, 1024) == 0 else {
            let code = errno
            close(listener)
            throw HTTPServerError.socket(operation: "listen", errno: code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: actual.sin_port))
        state.withLock {
            $0.listeningSocket = listener
            $0.port = port
            $0.stopped = false
        }
        let thread = Thread { [self] in acceptLoop(listener) }
        thread.name = "devo-sim accept"
        thread.start()
    }

    /// Stops accepting, wakes every connection thread (they close their sockets) and returns.
    func stop() {
        let (listener, open) = state.withLock { state -> (Int32, Set<Int32>) in
            guard !state.stopped else { return (-1, []) }
            state.stopped = true
            let listener = state.listeningSocket
            state.listeningSocket = -1
            return (listener, state.connections)
        }
        if listener >= 0 {
            // shutdown wakes the thread blocked in accept, which then closes the socket
            // itself: closing it here could let another server reuse the descriptor
            // number while the accept thread still uses it.
            shutdown(listener, Int32(SHUT_RDWR))
        }
        // Under the lock so that a connection thread cannot close (and the number be reused)
        // between reading the set and shutting the socket down.
        state.withLock { state in
            for socket in open where state.connections.contains(socket) {
                shutdown(socket, Int32(SHUT_RDWR))
            }
        }
    }

    private func acceptLoop(_ listener: Int32) {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if state.withLock({ $0.stopped }) {
                if client >= 0 { close(client) }
                return
            }
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE { usleep(10_000); continue }
                return   // listener shut down by stop()
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped, state.connections.count < limits.maxConnections else { return false }
                state.connections.insert(client)
                return true
            }
            guard admitted else {
                let busy = HTTPResponse.protocolError(503).serialized(keepAlive: false)
                _ = busy.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                close(client)
                continue
            }
            configure(client)
            let thread = Thread { [self] in
                serve(client)
                state.withLock { _ = $0.connections.remove(client) }
                close(client)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func configure(_ client: Int32) {
        var yes: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: Int(limits.sendTimeout),
                              tv_usec: Int((limits.sendTimeout - limits.sendTimeout.rounded(.down)) * 1_000_000))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    // MARK: - One connection

    /// Reads requests and writes responses until the client closes, asks to close, times
    /// out or sends something malformed.
    private func serve(_ client: Int32) {
        let parser = HTTPParser(limits: limits)
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)   // reused for every recv
        while true {
            // Waiting for the first byte of a request is "idle"; once bytes have arrived
            // the whole request must follow within requestTimeout.
            var deadline = Deadline(seconds: buffer.isEmpty ? limits.idleTimeout : limits.requestTimeout)
            var head: HTTPParser.Head?
            var scanned = 0
            while head == nil {
                switch parser.parseHead(buffer, searchFrom: scanned) {
                case .head(let parsed):
                    head = parsed
                case .failure(let status):
                    reject(client, status: status)
                    return
                case .needMore:
                    let wasEmpty = buffer.isEmpty
                    scanned = buffer.count
                    switch receive(client, into: &buffer, chunk: &chunk, before: deadline) {
                    case .received:
                        if wasEmpty { deadline = Deadline(seconds: limits.requestTimeout) }
                    case .closed:
                        return
                    case .timedOut:
                        // An idle keep-alive connection just closes; a half-sent request
                        // is told why.
                        if !buffer.isEmpty { reject(client, status: 408) }
                        return
                    }
                }
            }
            guard let head else { return }

            let needed = head.length + head.contentLength
            if head.expectsContinue, head.contentLength > 0, buffer.count < needed {
                guard write(client, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            while buffer.count < needed {
                switch receive(client, into: &buffer, chunk: &chunk, before: deadline) {
                case .received: continue
                case .closed: return
                case .timedOut:
                    reject(client, status: 408)
                    return
                }
            }
            let body = Array(buffer[head.length..<needed])
            buffer.removeSubrange(0..<needed)

            let target = head.target
            let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
            let request = HTTPRequest(method: head.method, target: target, path: path,
                                      minorVersion: head.minorVersion, headers: head.headers, body: body)
            switch handler(request) {
            case .respond(let response):
                let keepAlive = request.wantsKeepAlive && !response.closeConnection
                guard write(client, response.serialized(keepAlive: keepAlive)), keepAlive else { return }
            case .dropMidway(let response):
                let bytes = response.serialized(keepAlive: true)
                let half = bytes.count - max(1, response.body.count / 2)
                _ = write(client, Array(bytes[0..<half]))
                return
            case .hang:
                waitForClose(client)
                return
            }
        }
    }

    private func reject(_ client: Int32, status: Int) {
        onRejection(status)
        _ = write(client, HTTPResponse.protocolError(status).serialized(keepAlive: false))
    }

    private enum ReceiveResult { case received, closed, timedOut }

    /// Waits (until `deadline`) for bytes and appends what arrives.
    private func receive(_ client: Int32, into buffer: inout [UInt8], chunk: inout [UInt8],
                         before deadline: Deadline) -> ReceiveResult {
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining <= 0 { return .timedOut }
            var descriptor = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(clamping: remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if ready == 0 { return .timedOut }
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return .received
            }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            return .closed
        }
    }

    /// Writes everything or reports failure (peer gone, send timeout). MSG_NOSIGNAL: a
    /// client that hung up must not kill the process with SIGPIPE.
    private func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return send(client, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            if sent == 0 { return false }
            offset += sent
        }
        return true
    }

    /// For the hang fault: discard input until the client closes or `stop` shuts us down.
    private func waitForClose(_ client: Int32) {
        var sink = [UInt8](repeating: 0, count: 4096)
        while true {
            var descriptor = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 1000)
            if ready < 0 && errno != EINTR { return }
            if state.withLock({ $0.stopped }) { return }
            if ready > 0 {
                let count = sink.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return }
            }
        }
    }
}

/// A point in monotonic time, for socket deadlines.
struct Deadline {
    private let end: UInt64

    init(seconds: TimeInterval) {
        end = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, seconds) * 1_000_000_000)
    }

    var remainingMilliseconds: Int {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end ? 0 : Int((end - now + 999_999) / 1_000_000)
    }
}
