import Foundation
import Testing
@testable import DevoSim

/// Each injected fault, observed from the client side.
@Suite struct FaultTests {
    @Test func faultsAreOffByDefault() throws {
        let sim = try SimHarness()
        defer { sim.stop() }
        for _ in 0..<50 { #expect(try sim.get("/search/jobs").status == 200) }
        #expect(sim.simulator.requestLog().allSatisfy { $0.fault == nil })
    }

    @Test func latencyDelaysEveryAnswer() throws {
        let sim = try SimHarness(faults: FaultOptions(latency: 0.2))
        defer { sim.stop() }
        let started = Date()
        #expect(try sim.get("/search/jobs").status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.2)
        sim.simulator.setFaults(FaultOptions())
        let again = Date()
        #expect(try sim.get("/search/jobs").status == 200)
        #expect(Date().timeIntervalSince(again) < 0.2)
    }

    @Test func errorRateAnswers5xxWithoutProcessing() throws {
        let sim = try SimHarness(faults: FaultOptions(errorRate: 1))
        defer { sim.stop() }
        let response = try sim.post(#"{"query":"from demo.ecommerce.data select *","from":1,"destination":{"type":"donothing"}}"#)
        #expect([500, 503].contains(response.status))
        #expect(response.object?["error"] as? String == "server_error")
        #expect(sim.simulator.jobSnapshot().isEmpty, "the query was not processed")
    }

    @Test func errorRateIsAProbabilityAndReproducible() throws {
        func statuses(seed: UInt64) throws -> [Int] {
            let sim = try SimHarness(faults: FaultOptions(errorRate: 0.3, seed: seed))
            defer { sim.stop() }
            return try (0..<100).map { _ in try sim.get("/search/jobs").status }
        }
        let first = try statuses(seed: 7)
        let failures = first.filter { $0 >= 500 }.count
        #expect(failures > 10 && failures < 60)
        #expect(try statuses(seed: 7) == first)
        #expect(try statuses(seed: 8) != first)
    }

    @Test func rateLimitAnswers429WithRetryAfter() throws {
        let sim = try SimHarness(faults: FaultOptions(rateLimit: 5))
        defer { sim.stop() }
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<20 {
            try connection.send(sim.rawRequest("GET", "/search/jobs"))
            let reply = try #require(connection.readResponse())
            statuses.append(reply.status)
            if reply.status == 429 { retryAfter = reply.headers["retry-after"] }
        }
        // A burst of 20 at 5 a second: the bucket's five tokens, and a refill or two at most.
        #expect(statuses.prefix(5).allSatisfy { $0 == 200 })
        #expect((5...8).contains(statuses.filter { $0 == 200 }.count))
        #expect(statuses.contains(429))
        #expect(retryAfter == "1")
        #expect(sim.simulator.requestLog().filter { $0.fault == "rate-limit" }.count == statuses.filter { $0 == 429 }.count)
        // Waiting as long as Retry-After said finds a token again.
        Thread.sleep(forTimeInterval: 1.0)
        #expect(try sim.get("/search/jobs").status == 200)
    }

    /// The bucket's rule, fed arrival times: never more than burst + limit × t in t seconds,
    /// and a refusal's Retry-After covers the wait for the next token.
    @Test func rateLimiterIsATokenBucket() {
        var limiter = RequestRateLimiter(limit: 100)
        #expect(limiter.burst == 10)
        let millisecond: UInt64 = 1_000_000
        // At time 1 s: the full burst of 10 passes, the 11th is refused.
        let start = 1_000 * millisecond
        let burst = (0..<11).map { _ in limiter.admit(atNanoseconds: start) }
        #expect(burst.prefix(10).allSatisfy { $0 == .admitted })
        #expect(burst[10] == .refused(retryAfterSeconds: 1))
        // 10 ms later one token has grown back; 5 ms after that, none.
        #expect(limiter.admit(atNanoseconds: start + 10 * millisecond) == .admitted)
        #expect(limiter.admit(atNanoseconds: start + 15 * millisecond) == .refused(retryAfterSeconds: 1))
        // One request every millisecond for two seconds (1,000 a second, ten times the
        // limit): about 100 a second get through, the burst on top; none at a turn of a
        // second gets more.
        var admitted: [UInt64] = []
        for step in 0..<2_000 {
            let now = start + 100 * millisecond + UInt64(step) * millisecond
            if limiter.admit(atNanoseconds: now) == .admitted { admitted.append(now) }
        }
        #expect((195...212).contains(admitted.count))
        for first in admitted.indices {
            let span = admitted[first...].prefix { $0 - admitted[first] < 1_000 * millisecond }
            #expect(span.count <= 10 + 100 + 1)
        }
        // Below ten a second the whole second's worth passes at once; above a hundred, a
        // tenth of a second's worth.
        #expect(RequestRateLimiter(limit: 2).burst == 2)
        #expect(RequestRateLimiter(limit: 50).burst == 10)
        #expect(RequestRateLimiter(limit: 500).burst == 50)
        // A refusal while the limit is 0 still says when to come back.
        var closed = RequestRateLimiter(limit: 0)
        #expect(closed.admit(atNanoseconds: start) == .refused(retryAfterSeconds: 1))
    }

    @Test func dropClosesTheConnectionMidResponseAfterProcessing() throws {
        let sim = try SimHarness(faults: FaultOptions(dropRate: 1))
        defer { sim.stop() }
        let body = Array(#"{"query":"from demo.ecommerce.data select *","from":1,"destination":{"type":"donothing"}}"#.utf8)
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        try connection.send(sim.rawRequest("POST", "/search/query", body: body))
        #expect(connection.readResponse(timeout: 2) == nil, "incomplete response")
        #expect(connection.waitForClose(timeout: 2))
        #expect(sim.simulator.jobSnapshot().count == 1, "the job was created before the drop")
        #expect(sim.simulator.requestLog().last?.fault == "drop")
    }

    @Test func malformedSendsATruncatedJSONBody() throws {
        let sim = try SimHarness(faults: FaultOptions(malformedRate: 1))
        defer { sim.stop() }
        sim.simulator.seedJob(JobSeed(friendlyName: "one"))
        let response = try sim.get("/search/jobs")
        #expect(response.status == 200)
        #expect(response.body.first == UInt8(ascii: "{"))
        #expect(response.json == nil, "not valid JSON")
    }

    @Test func htmlErrorPage() throws {
        let sim = try SimHarness(faults: FaultOptions(htmlErrorRate: 1))
        defer { sim.stop() }
        let response = try sim.get("/search/jobs")
        #expect(response.status == 502)
        #expect(response.headers["content-type"] == "text/html")
        #expect(response.text.contains("<h1>502 Bad Gateway</h1>"))
    }

    @Test func hangAcceptsAndNeverAnswersUntilTurnedOff() throws {
        let sim = try SimHarness(faults: FaultOptions(hang: true))
        defer { sim.stop() }
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        try connection.send(sim.rawRequest("GET", "/search/jobs"))
        #expect(connection.readResponse(timeout: 0.5) == nil)
        #expect(sim.simulator.requestLog().last?.status == 0)
        #expect(sim.simulator.requestLog().last?.fault == "hang")
        sim.simulator.setFaults(FaultOptions())
        #expect(try sim.get("/search/jobs").status == 200)
    }

    @Test func stopReleasesHungConnections() throws {
        let sim = try SimHarness(faults: FaultOptions(hang: true))
        let connection = try RawConnection(port: sim.port)
        defer { connection.close() }
        try connection.send(sim.rawRequest("GET", "/search/jobs"))
        Thread.sleep(forTimeInterval: 0.1)
        sim.stop()
        #expect(connection.waitForClose(timeout: 3))
    }
}

@Test func startingTwiceIsAnErrorNotASecondServer() throws {
    let sim = try SimHarness()
    defer { sim.stop() }
    #expect(throws: (any Error).self) { try sim.simulator.start() }
    #expect(try sim.get("/search/jobs").status == 200)
}
