import Foundation
import Testing
@testable import DJSClient

/// A transport that records every request and answers from a script, one entry per attempt.
/// When the script runs out it answers with the last entry again.
final class StubTransport: HTTPTransport, @unchecked Sendable {
    enum Reply {
        case response(HTTPResponse)
        case failure(HTTPTransportError)
    }

    private let lock = NSLock()
    private var script: [Reply]
    private var recorded: [HTTPRequest] = []

    init(_ script: [Reply]) { self.script = script }

    convenience init(status: Int = 200, body: String, headers: [String: String] = [:]) {
        self.init([.response(HTTPResponse(statusCode: status, headers: headers, body: body))])
    }

    var requests: [HTTPRequest] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply: Reply = {
            lock.lock(); defer { lock.unlock() }
            recorded.append(request)
            return script.count > 1 ? script.removeFirst() : script[0]
        }()
        switch reply {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }
}

/// Collects lines (log output, sleep requests) from concurrent code.
final class Recorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func append(_ item: Element) {
        lock.lock(); defer { lock.unlock() }
        items.append(item)
    }

    var all: [Element] {
        lock.lock(); defer { lock.unlock() }
        return items
    }
}

/// A clock that starts at `start` and advances by `step` milliseconds each time it is read,
/// so every attempt gets a different, predictable timestamp.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    private let step: Int64

    init(start: Int64, step: Int64 = 0) {
        now = start
        self.step = step
    }

    func read() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        let value = now
        now += step
        return value
    }
}

enum Fixture {
    static let key = "my api key"
    static let secret = "my secret"
    /// A secret distinctive enough to search for in any rendered text.
    static let distinctiveSecret = "S3CRET-zq8v-DO-NOT-LEAK"
    static let distinctiveToken = "TOKEN-kx93-DO-NOT-LEAK"
    static let distinctiveJWT = "eyJhbGciOi.JWT-pp71-DO-NOT-LEAK"
    static let jobID = "3f6002a9-69cb-4495-9745-d47216fc58bf"
    static let baseURL = "https://apiv2-us.devo.com"
}

struct ClientHarness {
    let client: DevoClient
    let transport: StubTransport
    let sleeps: Recorder<Double>
    let logLines: Recorder<String>
}

/// A client over a stub transport with a fixed (or stepping) clock, recorded sleeps and
/// fixed jitter 0.5.
func makeHarness(_ transport: StubTransport,
                 credentials: DevoCredentials = .keySecret(key: Fixture.key, secret: Fixture.secret),
                 retries: Int = 3, clock: SteppingClock = SteppingClock(start: 1_530_010_004_072),
                 retryBaseDelay: Double = 0.5) -> ClientHarness {
    let sleeps = Recorder<Double>()
    let logLines = Recorder<String>()
    let configuration = DevoClientConfiguration(
        endpoint: DevoEndpoint(region: .us), credentials: credentials, retries: retries, timeout: 7,
        retryBaseDelay: retryBaseDelay, log: { logLines.append($0) })
    let hooks = DevoClientHooks(currentTimeMillis: { clock.read() }, sleep: { sleeps.append($0) }, jitter: { 0.5 })
    return ClientHarness(client: DevoClient(configuration: configuration, transport: transport, hooks: hooks),
                         transport: transport, sleeps: sleeps, logLines: logLines)
}

/// Runs `body` and returns the `DevoError` it throws, or nil if it throws nothing.
/// Any other error fails the test.
func captureError<T>(_ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> DevoError? {
    do {
        _ = try await body()
        return nil
    } catch let error as DevoError {
        return error
    } catch {
        Issue.record("expected a DevoError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
