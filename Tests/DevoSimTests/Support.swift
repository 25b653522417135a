#if canImport(Glibc)
import Glibc
#endif
import DevoAuth
import Foundation
@testable import DevoSim

/// The credentials of devo-api.md §3's vectors, used by every test simulator.
enum TestCredentials {
    static let key = "my api key"
    static let secret = "my secret"
    static let token = "test-token-123"
    static let jwt = "eyJhbGciOiJIUzI1NiJ9.test.jwt"
}

/// How a test request authenticates.
enum TestAuth {
    /// Signs with key + secret at the clock's time (or the given timestamp).
    case hmac(key: String = TestCredentials.key, secret: String = TestCredentials.secret, timestamp: String? = nil)
    case bearer(String = TestCredentials.token)
    case jwt(String = TestCredentials.jwt)
    /// `Authorization: <value>` verbatim.
    case authorization(String)
    case none
}

/// A simulator started on a free port for one test, stopped by `stop()`.
final class SimHarness: Sendable {
    let simulator: DevoSimulator
    let clock: ManualClock?

    init(jobs: Int = 0, seed: UInt64 = 1, manualClock: Bool = true, speed: Double = 1000,
         createdDuration: Double = 1, removedJobsVisible: Bool = false, acceptBareToken: Bool = false,
         faults: FaultOptions = FaultOptions(), limits: ServerLimits = ServerLimits(),
         fullActionReplies: Bool = false) throws {
        var options = SimulatorOptions()
        options.apiKey = TestCredentials.key
        options.apiSecret = TestCredentials.secret
        options.token = TestCredentials.token
        options.jwt = TestCredentials.jwt
        options.jobs = jobs
        options.seed = seed
        options.speed = speed
        options.createdDuration = createdDuration
        options.removedJobsVisible = removedJobsVisible
        options.acceptBareToken = acceptBareToken
        options.faults = faults
        options.limits = limits
        options.fullActionReplies = fullActionReplies
        let clock = manualClock ? ManualClock() : nil
        if let clock { options.clock = clock }
        self.clock = clock
        simulator = DevoSimulator(options: options)
        try simulator.start()
    }

    var port: Int { simulator.port }

    func stop() { simulator.stop() }

    /// Current clock time in ms (the manual clock if any).
    var now: Int64 { clock?.nowMilliseconds() ?? SystemClock().nowMilliseconds() }

    /// The headers a client would send for this auth and body.
    func authHeaders(_ auth: TestAuth, body: [UInt8]) -> [(String, String)] {
        switch auth {
        case .hmac(let key, let secret, let timestamp):
            let stamp = timestamp ?? String(now)
            return [("x-logtrust-apikey", key), ("x-logtrust-timestamp", stamp),
                    ("x-logtrust-sign", DevoSignature.sign(apiKey: key, apiSecret: secret, body: body, timestamp: stamp))]
        case .bearer(let token): return [("Authorization", "Bearer \(token)")]
        case .jwt(let jwt): return [("Authorization", "jwt \(jwt)")]
        case .authorization(let value): return [("Authorization", value)]
        case .none: return []
        }
    }

    /// One request on a fresh connection.
    func request(_ method: String, _ path: String, body: [UInt8] = [], auth: TestAuth = .hmac(),
                 headers extra: [(String, String)] = []) throws -> RawResponse {
        let connection = try RawConnection(port: port)
        defer { connection.close() }
        try connection.send(rawRequest(method, path, body: body, auth: auth, headers: extra))
        guard let response = connection.readResponse() else { throw TestFailure("no response to \(method) \(path)") }
        return response
    }

    func rawRequest(_ method: String, _ path: String, body: [UInt8] = [], auth: TestAuth = .hmac(),
                    headers extra: [(String, String)] = [], close: Bool = false) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
        for (name, value) in authHeaders(auth, body: body) + extra { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        if close { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    func get(_ path: String, auth: TestAuth = .hmac()) throws -> RawResponse {
        try request("GET", path, auth: auth)
    }

    /// POSTs a query body (given as text, sent as its UTF-8 bytes) and returns the reply.
    func post(_ body: String, auth: TestAuth = .hmac()) throws -> RawResponse {
        try request("POST", "/search/query", body: Array(body.utf8), auth: auth)
    }

    /// Launches a job and returns its id.
    func launch(query: String = "from demo.ecommerce.data select *", from: Int64, to: Int64? = nil,
                type: String = "donothing", params: String = #"{"friendlyName":"job1"}"#) throws -> String {
        var body = #"{"from":\#(from)"#
        if let to { body += #","to":\#(to)"# }
        body += #","query":"\#(query)","destination":{"type":"\#(type)","params":\#(params)}}"#
        let response = try post(body)
        guard response.status == 200, let id = (response.object?["object"] as? [String: Any])?["id"] as? String else {
            throw TestFailure("launch failed: \(response.status) \(response.text)")
        }
        return id
    }

    /// The job object of `GET /search/job/{id}`.
    func jobObject(_ id: String) throws -> [String: Any] {
        let response = try get("/search/job/\(id)")
        guard response.status == 200, let object = response.object?["object"] as? [String: Any] else {
            throw TestFailure("job \(id): \(response.status) \(response.text)")
        }
        return object
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

struct RawResponse {
    let status: Int
    /// Header names lowercased.
    let headers: [String: String]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
    var object: [String: Any]? { json as? [String: Any] }
    /// `object` of a successful envelope when it is a job object.
    var jobObject: [String: Any]? { object?["object"] as? [String: Any] }
}

/// A blocking TCP client on loopback that speaks just enough HTTP/1.1 to read a response
/// with Content-Length, and can send arbitrary bytes (malformed requests).
final class RawConnection {
    let socketFD: Int32

    init(port: Int) throws {
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestFailure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(socketFD)
            throw TestFailure("connect failed: \(errno)")
        }
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(socketFD, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestFailure("send failed: \(errno)") }
            offset += sent
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    private var pending: [UInt8] = []

    /// Reads what arrives before `deadline`; false when the peer closed or nothing came.
    private func fill(deadline: Date) -> Bool {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return false }
        var descriptor = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(remaining * 1000) + 1) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        pending += chunk[0..<count]
        return true
    }

    /// The next complete response, or nil if the connection closed / timed out first.
    func readResponse(timeout: TimeInterval = 5) -> RawResponse? {
        let deadline = Date().addingTimeInterval(timeout)
        var headEnd: Int?
        while headEnd == nil {
            if let end = findHeadEnd() { headEnd = end; break }
            guard fill(deadline: deadline) else { return nil }
        }
        guard let end = headEnd else { return nil }
        let headText = String(decoding: pending[0..<end], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let statusParts = statusLine.split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while pending.count < end + length {
            guard fill(deadline: deadline) else { return nil }
        }
        let body = Array(pending[end..<(end + length)])
        pending.removeSubrange(0..<(end + length))
        if status == 100 { return readResponse(timeout: deadline.timeIntervalSinceNow) }
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// True if the server closes the connection (EOF) within `timeout`, after discarding
    /// whatever it sent.
    func waitForClose(timeout: TimeInterval = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var descriptor = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) >= 0 else { return true }
            if descriptor.revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return true }
            }
        }
        return false
    }

    private func findHeadEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for index in 0...(pending.count - 4)
        where pending[index] == 13 && pending[index + 1] == 10 && pending[index + 2] == 13 && pending[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    func close() { Glibc.close(socketFD) }
}
