import Foundation
import Testing
@testable import DevoSim

/// Malformed and hostile HTTP: every case gets a 4xx/5xx or a closed connection, and the
/// server keeps serving afterwards.
@Suite struct HTTPRobustnessTests {
    /// Sends `bytes` on a fresh connection and returns the reply (nil if closed silently),
    /// then checks that a normal request still works.
    private func send(_ bytes: [UInt8], to sim: SimHarness, timeout: TimeInterval = 5) throws -> RawResponse? {
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        try connection.send(bytes)
        let reply = connection.readResponse(timeout: timeout)
        #expect(try sim.get("/search/jobs").status == 200, "server still serves")
        return reply
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /search/jobs\r\n\r\n", 400),
        ("GET  /search/jobs HTTP/1.1\r\n\r\n", 400),
        ("GET search/jobs HTTP/1.1\r\n\r\n", 400),
        ("GET /search/jobs HTTP/9.1\r\n\r\n", 505),
        ("GET /search/jobs HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
        ("GET /search/jobs HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
        ("GET /search/jobs HTTP/1.1\r\n folded: x\r\n\r\n", 400),
        ("POST /search/query HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400),
        ("POST /search/query HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST /search/query HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        ("POST /search/query HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", 413),
        ("POST /search/query HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
        ("POST /search/query HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413),
        ("POST /search/query HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
        ("\u{01}\u{02}\u{03}\r\n\r\n", 400),
    ])
    func malformedRequestsGetAnErrorStatus(request: String, status: Int) throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let reply = try send(Array(request.utf8), to: sim)
        #expect(reply?.status == status)
        #expect(reply?.headers["connection"] == "close")
    }

    @Test func invalidUTF8AndNULBytesAreRejected() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let bytes: [UInt8] = Array("GET /search/jobs HTTP/1.1\r\nX: ".utf8) + [0xFF, 0x01, 0xFE] + Array("\r\n\r\n".utf8)
        #expect(try send(bytes, to: sim)?.status == 400)
        let nul: [UInt8] = Array("GET /search/jobs HTTP/1.1\r\nX: a".utf8) + [0x00] + Array("b\r\n\r\n".utf8)
        #expect(try send(nul, to: sim)?.status == 400)
        let latin1: [UInt8] = Array("GET /search/jobs HTTP/1.1\r\nAuthorization: Bearer ".utf8) + [0xF1] + Array("\r\n\r\n".utf8)
        #expect(try send(latin1, to: sim)?.status == 401)
        let target: [UInt8] = Array("GET /search/".utf8) + [0xC3, 0xB1] + Array(" HTTP/1.1\r\n\r\n".utf8)
        #expect(try send(target, to: sim)?.status == 400)
    }

    @Test func oversizedHeadersGet431AndLongRequestLine414() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let hugeHeader = "GET /search/jobs HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 40_000) + "\r\n\r\n"
        #expect(try send(Array(hugeHeader.utf8), to: sim)?.status == 431)
        let manyHeaders = "GET /search/jobs HTTP/1.1\r\n" + (0..<150).map { "X-\($0): y\r\n" }.joined() + "\r\n"
        #expect(try send(Array(manyHeaders.utf8), to: sim)?.status == 431)
        // A head that never ends is cut off at the limit, without waiting for its end.
        let endless = "GET /search/jobs HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 5000)
        #expect(try send(Array(endless.utf8), to: sim)?.status == 431)
        let longLine = "GET /" + String(repeating: "a", count: 10_000) + " HTTP/1.1\r\n\r\n"
        #expect(try send(Array(longLine.utf8), to: sim)?.status == 414)
    }

    @Test func slowAndSilentClientsAreTimedOut() throws {
        var limits = ServerLimits()
        limits.idleTimeout = 0.3
        limits.requestTimeout = 0.3
        let sim = try SimHarness(limits: limits)
        defer { sim.stop() }
        // Sends nothing: closed after the idle timeout, no reply.
        let silent = try RawConnection(port: sim.port)
        defer { silent.close() }
        let started = Date()
        #expect(silent.waitForClose(timeout: 3))
        #expect(Date().timeIntervalSince(started) < 2)
        // Sends half a request and stops: 408, then closed.
        let slow = try RawConnection(port: sim.port)
        defer { slow.close() }
        try slow.send("GET /search/jobs HTTP/1.1\r\nHost: x\r\n")
        #expect(slow.readResponse(timeout: 3)?.status == 408)
        // A body that never fully arrives.
        let partialBody = try RawConnection(port: sim.port)
        defer { partialBody.close() }
        try partialBody.send("POST /search/query HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"query\"")
        #expect(partialBody.readResponse(timeout: 3)?.status == 408)
        #expect(try sim.get("/search/jobs").status == 200)
    }

    @Test func keepAliveServesManyRequestsOnOneConnectionAndHonoursClose() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        for _ in 0..<20 {
            try connection.send(sim.rawRequest("GET", "/search/jobs"))
            let reply = connection.readResponse()
            #expect(reply?.status == 200)
            #expect(reply?.headers["connection"] == "keep-alive")
        }
        // Pipelined: two requests in one write, two replies in order.
        try connection.send(sim.rawRequest("GET", "/search/jobs") + sim.rawRequest("GET", "/search/job/none"))
        #expect(connection.readResponse()?.status == 200)
        #expect(connection.readResponse()?.status == 404)

        try connection.send(sim.rawRequest("GET", "/search/jobs", close: true))
        let last = connection.readResponse()
        #expect(last?.status == 200)
        #expect(last?.headers["connection"] == "close")
        #expect(connection.waitForClose(timeout: 2))
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        var request = sim.rawRequest("GET", "/search/jobs")
        request.replaceSubrange(0..<"GET /search/jobs HTTP/1.1".utf8.count, with: Array("GET /search/jobs HTTP/1.0".utf8))
        try connection.send(request)
        #expect(connection.readResponse()?.headers["connection"] == "close")
        #expect(connection.waitForClose(timeout: 2))
    }

    @Test func expectContinueGetsA100BeforeTheBody() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        let body = Array(#"{"query":"from demo.ecommerce.data select *","from":1530000000,"destination":{"type":"donothing"}}"#.utf8)
        var head = "POST /search/query HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in sim.authHeaders(.hmac(), body: body) { head += "\(name): \(value)\r\n" }
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        try connection.send(head + "\r\n")
        var interim = [UInt8](repeating: 0, count: 64)
        let count = interim.withUnsafeMutableBytes { recv(connection.socketFD, $0.baseAddress, $0.count, 0) }
        #expect(String(decoding: interim.prefix(max(0, count)), as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        try connection.send(body)
        #expect(connection.readResponse()?.status == 200)
    }

    @Test func clientThatVanishesMidResponseDoesNotKillTheServer() throws {
        let sim = try SimHarness(jobs: 20_000)
        defer { sim.stop() }
        for _ in 0..<3 {
            let connection = try RawConnection(port: sim.port)
            try connection.send(sim.rawRequest("GET", "/search/jobs"))
            connection.close()      // before the (large) reply has been read
        }
        #expect(try sim.get("/search/job/x").status == 404)
    }

    @Test func connectionsBeyondTheCapGet503() throws {
        var limits = ServerLimits()
        limits.maxConnections = 2
        let sim = try SimHarness(limits: limits)
        defer { sim.stop() }
        let held = try (0..<2).map { _ in try RawConnection(port: sim.port) }
        defer { held.forEach { $0.close() } }
        // Make sure both are being served (a request answered on each).
        for connection in held {
            try connection.send(sim.rawRequest("GET", "/search/jobs"))
            #expect(connection.readResponse()?.status == 200)
        }
        let third = try RawConnection(port: sim.port)
        defer { third.close() }
        #expect(third.readResponse(timeout: 2)?.status == 503)
    }

    @Test func malformedRequestsAreLogged() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        _ = try send(Array("NONSENSE\r\n\r\n".utf8), to: sim)
        #expect(sim.simulator.requestLog().contains { $0.status == 400 && $0.method == "-" })
    }
}

@Test func headSentOneByteAtATimeIsParsed() throws {
    let sim = try SimHarness()
    defer { sim.stop() }
    let connection = try RawConnection(port: sim.port)
    defer { connection.close() }
    for byte in sim.rawRequest("GET", "/search/jobs") { try connection.send([byte]) }
    #expect(connection.readResponse()?.status == 200)
}
