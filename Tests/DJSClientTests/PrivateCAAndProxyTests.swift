import Foundation
import Testing
@testable import DJSClient

/// A Devo behind a private CA and a proxy, as in many companies: the CA file (`--cacert`,
/// `DEVO_API_CACERT`, the SDK's `"verify": "/path"`) makes its certificate trusted, and
/// `HTTPS_PROXY` tunnels requests through a CONNECT proxy unless `NO_PROXY` names the host.
/// The server is `openssl s_server`, whose answer is an HTML page: a reply that is "not
/// JSON" proves the TLS handshake succeeded.
@Suite(.serialized, .enabled(if: TLSServer.opensslPath != nil, "needs the openssl command"))
struct PrivateCAAndProxyTests {
    private func listJobs(_ port: UInt16, _ network: DevoNetworkSettings) async -> DevoError? {
        var configuration = DevoClientConfiguration(endpoint: try! DevoEndpoint(address: "https://127.0.0.1:\(port)"),
                                                    credentials: .token("t"), retries: 0, timeout: 5)
        configuration.network = network
        do {
            _ = try await DevoClient(configuration: configuration).jobs()
            return nil
        } catch {
            return error
        }
    }

    private func handshakeSucceeded(_ error: DevoError?) -> Bool {
        if case .invalidResponse(_, 200, let reason)? = error { return reason.hasPrefix("the body is not JSON") }
        return false
    }

    @Test func thePrivateCAMakesTheServerTrusted() async throws {
        let server = try TLSServer(privateCA: true)
        defer { server.stop() }
        let refused = await listJobs(server.port, DevoNetworkSettings())
        guard case .connectionFailed(_, let reason, _)? = refused else { Issue.record("\(String(describing: refused))"); return }
        #expect(reason.hasPrefix("TLS failure: "))
        let trusted = await listJobs(server.port, DevoNetworkSettings(caFile: server.caFile))
        #expect(handshakeSucceeded(trusted), "\(String(describing: trusted))")
    }

    @Test func requestsTunnelThroughTheProxyUnlessTheHostIsExcluded() async throws {
        let server = try TLSServer(privateCA: true)
        defer { server.stop() }
        let proxy = try ConnectProxy()
        defer { proxy.stop() }
        let through = await listJobs(server.port, DevoNetworkSettings(caFile: server.caFile, proxy: proxy.address))
        #expect(handshakeSucceeded(through), "\(String(describing: through))")
        #expect(proxy.requestLines == ["CONNECT 127.0.0.1:\(server.port) HTTP/1.1"])

        let direct = await listJobs(server.port, DevoNetworkSettings(caFile: server.caFile, proxy: proxy.address,
                                                                     noProxy: "localhost,127.0.0.1"))
        #expect(handshakeSucceeded(direct), "\(String(describing: direct))")
        #expect(proxy.requestLines.count == 1, "NO_PROXY bypassed the proxy")
    }

    @Test func theResolverReadsEveryPlaceACAFileAndAProxyAreGiven() throws {
        let home = try TemporaryHome()
        let ca = try home.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let flags = DevoConnectionFlags(region: "eu", token: "t")
        func network(_ flags: DevoConnectionFlags, _ environment: [String: String]) throws -> DevoNetworkSettings {
            try home.resolver(flags, environment: environment).resolve().configuration.network
        }
        #expect(try network(flags, [:]) == DevoNetworkSettings())
        var withFlag = flags
        withFlag.caFile = ca
        #expect(try network(withFlag, [:]).caFile == ca)
        #expect(try network(flags, ["DEVO_API_CACERT": ca]).caFile == ca)
        try home.write(".devo.json", #"{"api": {"verify": "\#(ca)"}}"#)
        #expect(try network(flags, [:]).caFile == ca)
        #expect(try network(flags, ["HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": ".internal"])
            == DevoNetworkSettings(caFile: ca, proxy: "http://proxy:3128", noProxy: ".internal"))
        #expect(try network(flags, ["https_proxy": "http://p:8080", "no_proxy": "*"]).proxy == "http://p:8080")

        var missing = flags
        missing.caFile = home.path + "/nope.pem"
        let error = #expect(throws: DevoError.self) { try home.resolver(missing).resolve() }
        #expect(error?.description == "configuration error: the CA file \(home.path)/nope.pem (from --cacert) does not exist or cannot be read")
    }
}

/// A minimal HTTP CONNECT proxy on loopback: it records each request line, connects to the
/// named host and port, answers 200, and relays bytes both ways until either side closes.
final class ConnectProxy: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var lines: [String] = []

    var address: String { "http://127.0.0.1:\(port)" }
    var requestLines: [String] { lock.withLock { lines } }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { close(fd); throw CocoaError(.fileWriteUnknown) }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                Thread.detachNewThread { self.serve(client) }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]), head.count < 8192, read(client, &byte, 1) == 1 {
            head.append(byte)
        }
        let line = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
        lock.withLock { lines.append(line) }
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "CONNECT", let colon = parts[1].lastIndex(of: ":"),
              let targetPort = UInt16(parts[1][parts[1].index(after: colon)...]) else { return }
        // Loopback only: whatever host the request names, this proxy reaches nothing else.
        guard let target = loopbackConnection(to: targetPort) else { return }
        defer { close(target) }
        let established = Array("HTTP/1.1 200 Connection established\r\n\r\n".utf8)
        _ = established.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
        var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: target, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while poll(&fds, 2, 10_000) > 0 {
            for (from, to) in [(0, 1), (1, 0)] where fds[from].revents != 0 {
                let count = read(fds[from].fd, &buffer, buffer.count)
                if count <= 0 { return }
                var sent = 0
                while sent < count {
                    let written = buffer[sent..<count].withUnsafeBytes { write(fds[to].fd, $0.baseAddress, $0.count) }
                    if written <= 0 { return }
                    sent += written
                }
            }
        }
    }
}
