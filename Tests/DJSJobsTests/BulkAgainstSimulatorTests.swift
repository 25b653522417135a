import DJS
import DevoSim
import Foundation
import Testing

/// Bulk job calls end to end over HTTP: concurrency, exact accounts under injected faults,
/// Ctrl-C, dry-run and wait(), asserted on the simulator's side as well as in the output.
@Suite struct BulkAgainstSimulatorTests {
    typealias Scripts = ScriptsAgainstSimulatorTests

    /// `["id1", "id2", …]` of the simulator's jobs, so a script can name them without a listing.
    static func idList(_ simulator: DevoSimulator) -> String {
        "[" + simulator.jobSnapshot().map { "\"\($0.id)\"" }.joined(separator: ", ") + "]"
    }

    static func stopRequests(_ simulator: DevoSimulator) -> [SimulatorRequestRecord] {
        simulator.requestLog().filter { $0.path.hasPrefix("/search/job/stop/") }
    }

    @Test func bulkStopOfThousandsStopsEveryJobOnce() async throws {
        let simulator = try Scripts.simulator(running: 3000, stopped: 0)
        defer { simulator.stop() }
        let run = await Scripts.run("""
            let stopped = stop(jobs())
            print(len(stopped), len([for j in stopped where j.status == "STOPPED"]))
            """, against: simulator, concurrency: 16)
        #expect(run.errors == "")
        #expect(run.output == "3000 3000\n")
        #expect(simulator.jobSnapshot().allSatisfy { $0.status == .stopped })
        let stops = Self.stopRequests(simulator)
        #expect(stops.count == 3000)
        #expect(Set(stops.map(\.path)).count == 3000)
    }

    @Test func injectedServerErrorsAreAccountedForJobByJob() async throws {
        var faults = FaultOptions()
        faults.seed = 7
        let simulator = try Scripts.simulator(running: 400, stopped: 0)
        defer { simulator.stop() }
        let ids = Self.idList(simulator)
        faults.errorRate = 0.2
        simulator.setFaults(faults)
        let run = await Scripts.run("""
            try < stop(\(ids)) > catch e <
              print(len(e.failed), len(e.succeeded))
              print(e.failed[0].error)
            >
            """, against: simulator)
        let lines = run.output.split(separator: "\n").map(String.init)
        let counts = lines.first?.split(separator: " ").compactMap { Int($0) } ?? []
        try #require(counts.count == 2, "output: \(run.output) \(run.errors)")
        let failedRequests = Self.stopRequests(simulator).filter { $0.fault != nil }
        #expect(counts[0] + counts[1] == 400)
        #expect(counts[0] == failedRequests.count)
        #expect(counts[0] > 0)
        #expect(simulator.jobSnapshot().filter { $0.status == .stopped }.count == counts[1])
        #expect(lines.count > 1 && (lines[1].contains("500") || lines[1].contains("503")))
    }

    @Test func unhandledFailuresEndTheScriptNonZeroWithTheAccount() async throws {
        let simulator = try Scripts.simulator(running: 5, stopped: 3)
        defer { simulator.stop() }
        let run = await Scripts.run("stop(jobs())\nprint(\"not reached\")", against: simulator)
        #expect(run.exitCode == 70)
        #expect(run.output == "")
        #expect(run.errors.contains("error: stop(): 3 of 8 jobs failed (5 stopped)"))
        #expect(run.errors.components(separatedBy: "note: ").count - 1 == 3)
    }

    @Test func retriesTurnTransientFailuresIntoSuccesses() async throws {
        let simulator = try Scripts.simulator(running: 300, stopped: 0)
        defer { simulator.stop() }
        let ids = Self.idList(simulator)
        var faults = FaultOptions()
        faults.errorRate = 0.1
        faults.seed = 3
        simulator.setFaults(faults)
        let run = await Scripts.run("""
            let n = 0
            try < n = len(stop(\(ids))) > catch e < print("failed", len(e.failed)); n = len(e.succeeded) >
            print("stopped", n)
            """, against: simulator, retries: 5)
        // A 5xx from the simulator is sent before the job changes, so a retry is safe.
        #expect(run.output.hasSuffix("stopped \(simulator.jobSnapshot().filter { $0.status == .stopped }.count)\n"))
        #expect(Self.stopRequests(simulator).filter { $0.fault == nil }.count
                == simulator.jobSnapshot().filter { $0.status == .stopped }.count)
    }

    @Test func ctrlCStopsLaunchingWaitsForThoseInFlightAndReportsTheRest() async throws {
        let interrupt = InterruptFlag()
        let seen = Counter()
        let simulator = try Scripts.simulator(running: 2000, stopped: 0, observer: { record in
            if record.path.hasPrefix("/search/job/stop/"), seen.increment() == 100 { interrupt.raise() }
        })
        defer { simulator.stop() }
        let run = await Scripts.run("stop(jobs())", against: simulator, concurrency: 4, interrupt: interrupt)
        #expect(run.exitCode == 130)
        let stopped = simulator.jobSnapshot().filter { $0.status == .stopped }.count
        #expect(stopped >= 100 && stopped < 2000)
        #expect(Self.stopRequests(simulator).count == stopped)
        #expect(run.errors.contains("stop(): interrupted: \(stopped) of 2000 jobs stopped, 0 failed, \(2000 - stopped) not attempted"),
                "\(run.errors)")
    }

    @Test func dryRunReadsButSendsNoChange() async throws {
        let simulator = try Scripts.simulator(running: 4, stopped: 2)
        defer { simulator.stop() }
        let run = await Scripts.run("""
            stop(jobs())
            start(jobs()[0])
            remove(jobs())
            let q = query("from demo.web select *", from: 1h, dest: donothing(name: "t"))
            print(q.status, len(jobs()))
            """, against: simulator, dryRun: true)
        #expect(run.errors == "")
        #expect(run.output.contains("dry-run: would stop 6 of 6 jobs; nothing was changed"))
        #expect(run.output.contains("dry-run: would remove 6 of 6 jobs; nothing was changed"))
        #expect(run.output.hasSuffix("NOT_LAUNCHED 6\n"))
        let changes = simulator.requestLog().filter {
            $0.method != "GET" || $0.path.contains("/stop/") || $0.path.contains("/start/") || $0.path.contains("/remove/")
        }
        #expect(changes.isEmpty, "mutating requests sent: \(changes)")
        #expect(simulator.jobSnapshot().filter { $0.status == .running }.count == 4)
    }

    @Test func waitFollowsALaunchedQueryToCompletion() async throws {
        let simulator = try Scripts.simulator(running: 0, stopped: 0)
        defer { simulator.stop() }
        let run = await Scripts.run("""
            let q = query("from demo.web select *", from: 1h, to: now(), dest: donothing(name: "w"))
            let done = wait(q, until: "COMPLETED", timeout: 30s)
            print(done.status, done.id == q.id)
            """, against: simulator)
        #expect(run.errors == "")
        #expect(run.output == "COMPLETED true\n")
        #expect(simulator.requestLog().filter { $0.method == "POST" }.count == 1)
    }

    @Test func waitTimesOutWithTheJobsThatDidNotArrive() async throws {
        let simulator = try Scripts.simulator(running: 2, stopped: 0)
        defer { simulator.stop() }
        let run = await Scripts.run("wait(jobs(), until: \"COMPLETED\", timeout: 100ms)", against: simulator)
        #expect(run.exitCode == 70)
        #expect(run.errors.contains("wait(): 2 of 2 jobs did not reach COMPLETED"))
        #expect(run.errors.contains("still RUNNING after 100ms"))
    }
}

/// A thread-safe counter for the simulator's observer callback.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
