import DJS
import DevoSim
import Foundation
import Testing

/// The pace of bulk calls, asserted on what the simulator saw: every job done, few refusals
/// under a rate limit, never more in flight than `--concurrency`, never faster than `--rate`.
@Suite struct AdaptivePaceTests {
    typealias Scripts = ScriptsAgainstSimulatorTests

    static func stops(_ simulator: DevoSimulator) -> [SimulatorRequestRecord] {
        simulator.requestLog().filter { $0.path.hasPrefix("/search/job/stop/") }
    }

    /// Stops `count` running jobs in one bulk call under `faults`; answers the simulator
    /// (its log holds the stops only) and the run. The caller stops the simulator.
    static func stopAll(_ count: Int, faults: FaultOptions, retries: Int = 0, concurrency: Int,
                        rate: Double? = nil) async throws -> (DevoSimulator, Scripts.Run) {
        let simulator = try Scripts.simulator(running: count, stopped: 0)
        let ids = BulkAgainstSimulatorTests.idList(simulator)
        simulator.setFaults(faults)
        simulator.clearRequestLog()
        let run = await Scripts.run("print(len(stop(\(ids))))", against: simulator, retries: retries,
                                    concurrency: concurrency, rate: rate)
        return (simulator, run)
    }

    @Test func underARateLimitEveryJobIsDoneWithFewRefusals() async throws {
        let (simulator, run) = try await Self.stopAll(600, faults: FaultOptions(latency: 0.01, rateLimit: 300),
                                                      retries: 3, concurrency: 256)
        defer { simulator.stop() }
        #expect(run.errors == "")
        #expect(run.output == "600\n")
        #expect(simulator.jobSnapshot().allSatisfy { $0.status == .stopped })
        let stops = Self.stops(simulator)
        let refused = stops.filter { $0.status == 429 }
        let taken = stops.filter { $0.status == 200 }
        // Each job stopped exactly once; every other request was a refusal, and few of them.
        #expect(taken.count == 600)
        #expect(Set(taken.map(\.path)).count == 600)
        #expect(stops.count == taken.count + refused.count)
        #expect(refused.count <= 60, "\(refused.count) of \(stops.count) requests refused")
        #expect(refused.allSatisfy { $0.fault == "rate-limit" })
    }

    @Test func concurrencyIsACapOnRequestsInFlight() async throws {
        let (simulator, run) = try await Self.stopAll(200, faults: FaultOptions(latency: 0.01), concurrency: 5)
        defer { simulator.stop() }
        #expect(run.output == "200\n", "\(run.errors)")
        #expect(simulator.mostConcurrentRequests <= 5)
        // It did run requests side by side (the pace starts at 4).
        #expect(simulator.mostConcurrentRequests >= 3)
    }

    @Test func withoutACapTheWindowGrowsPastTheOldFixedEight() async throws {
        // 100 ms of round trip: the window grows only while latency stays within a quarter of
        // the lowest seen, and with 20 ms the few milliseconds this process spends per request
        // (client and simulator share two cores, several times more under ThreadSanitizer)
        // already looked like a queueing server, rightly stopping the growth at 8.
        // The client's usual retries: with hundreds of connections opened at once by an
        // instrumented, loaded process a connect can fail, and a refused connect is retried.
        let (simulator, run) = try await Self.stopAll(400, faults: FaultOptions(latency: 0.1), retries: 3, concurrency: 256)
        defer { simulator.stop() }
        #expect(run.output == "400\n", "\(run.errors)")
        #expect(simulator.mostConcurrentRequests > 8)
    }

    @Test func rateIsHonoured() async throws {
        let (simulator, run) = try await Self.stopAll(120, faults: FaultOptions(), concurrency: 256, rate: 100)
        defer { simulator.stop() }
        #expect(run.output == "120\n", "\(run.errors)")
        let times = Self.stops(simulator).map(\.timestamp).sorted()
        try #require(times.count == 120)
        // No second holds more than the rate allows (a few over, for the clock's granularity
        // and the arrival jitter of a loaded machine), and 120 requests took more than a second.
        for (index, first) in times.enumerated() {
            let inOneSecond = times[index...].prefix { $0 - first < 1000 }.count
            #expect(inOneSecond <= 105, "\(inOneSecond) requests in the second from \(first)")
        }
        #expect(times.last! - times.first! >= 1000)
    }
}
