import Foundation
import Testing
@testable import DJSClient

/// TLS verification is on and nothing turns it off: against a real TLS server (openssl
/// s_server) with a self-signed certificate, the real transport must refuse to talk, and a
/// launch must not be retried. Skipped where the openssl tool is missing.
@Suite(.serialized, .enabled(if: TLSServer.opensslPath != nil, "needs the openssl command"))
struct TLSVerificationTests {
    @Test(arguments: TransportKind.allCases)
    func aSelfSignedCertificateIsRefusedAndNotRetried(_ kind: TransportKind) async throws {
        let server = try TLSServer()
        defer { server.stop() }
        let configuration = DevoClientConfiguration(
            endpoint: try DevoEndpoint(address: "https://127.0.0.1:\(server.port)"),
            credentials: .token("TLS-TOKEN-DO-NOT-LEAK"), retries: 3, timeout: 5, retryBaseDelay: 0.01)
        let client = DevoClient(configuration: configuration, transport: kind.make(configuration))

        let launch = DevoQueryRequest(query: "q", from: 1, destination: DevoDestination(type: .donothing))
        do {
            _ = try await client.launch(launch)
            Issue.record("a self-signed certificate was accepted")
        } catch {
            guard case .connectionFailed(_, let reason, let attempts) = error else {
                Issue.record("expected a TLS connection failure, got \(error)"); return
            }
            #expect(reason.hasPrefix("TLS failure: "), "got: \(reason)")
            #expect(reason.contains("certificate"), "got: \(reason)")
            #expect(attempts == 1)
            #expect(!error.description.contains("TLS-TOKEN-DO-NOT-LEAK"))
        }
        #expect(client.requestCount == 1)

        // Job GETs are idempotent, yet a TLS failure is not retried either: it will not heal.
        let jobs = DevoClient(configuration: configuration, transport: kind.make(configuration))
        await #expect(throws: DevoError.self) { try await jobs.jobs() }
        #expect(jobs.requestCount == 1)
    }
}

/// `openssl s_server` on a free loopback port with a throwaway certificate: self-signed, or
/// (`privateCA`) issued for 127.0.0.1 by a throwaway CA whose certificate is `caFile`.
final class TLSServer: @unchecked Sendable {
    static let opensslPath: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let port: UInt16
    private let process = Process()
    private let directory: String
    var caFile: String { directory + "/ca.pem" }

    init(privateCA: Bool = false) throws {
        guard let openssl = TLSServer.opensslPath else { throw CocoaError(.fileNoSuchFile) }
        directory = NSTemporaryDirectory() + "djs-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func run(_ arguments: [String]) throws {
            let generate = Process()
            generate.executableURL = URL(fileURLWithPath: openssl)
            generate.arguments = arguments
            generate.standardOutput = FileHandle.nullDevice
            generate.standardError = FileHandle.nullDevice
            try generate.run()
            generate.waitUntilExit()
        }
        if privateCA {
            let d = directory
            try "subjectAltName=IP:127.0.0.1\n".write(toFile: d + "/san.cnf", atomically: true, encoding: .utf8)
            try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=djs test CA", "-days", "1",
                     "-keyout", d + "/ca.key", "-out", d + "/ca.pem"])
            try run(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", d + "/key.pem",
                     "-out", d + "/server.csr"])
            try run(["x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
                     "-CAcreateserial", "-days", "1", "-extfile", d + "/san.cnf", "-out", d + "/cert.pem"])
        } else {
            try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                     "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem"])
        }

        port = try LoopbackHTTPServer.closedPort()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", directory + "/cert.pem",
                             "-key", directory + "/key.pem", "-www", "-quiet"]
        process.standardInput = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until it listens.
        for _ in 0..<100 where !TLSServer.accepts(port) { usleep(50_000) }
    }

    func stop() {
        // SIGKILL: s_server ignores SIGTERM, and waiting for it would hang the test run.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        guard let fd = loopbackConnection(to: port) else { return false }
        close(fd)
        return true
    }
}

/// A TCP connection to 127.0.0.1:`port`, or nil when nothing listens there.
func loopbackConnection(to port: UInt16) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    if connected { return fd }
    close(fd)
    return nil
}
