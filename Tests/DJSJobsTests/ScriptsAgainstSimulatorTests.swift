import DJS
import DJSClient
import DJSJobs
import DevoSim
import Foundation
import Testing

/// djs programs driving the simulator through the real client: the job built-ins end to end.
@Suite struct ScriptsAgainstSimulatorTests {
    struct Run: Sendable {
        var exitCode: Int32
        var output: String
        var errors: String
    }

    /// Runs `code` with job built-ins bound to `simulator` over HTTP; `dryRun` wraps the
    /// service as `--dry-run` does; `interrupt` lets a test press Ctrl-C from elsewhere.
    static func run(_ code: String, against simulator: DevoSimulator, retries: Int = 0, concurrency: Int = 8,
                    rate: Double? = nil, dryRun: Bool = false, interrupt: InterruptFlag = InterruptFlag()) async -> Run {
        let address = simulator.baseURL
        return await LargeStack.run {
            let interpreter = Interpreter(output: OutputBuffer(), interrupt: interrupt)
            // The timeout only ends a test whose server stopped answering; no test waits for it.
            // Generous, because listing 3,000 jobs under ThreadSanitizer (several times slower)
            // while the other suites run in parallel took more than 5 s.
            var configuration = DevoClientConfiguration(
                endpoint: try! DevoEndpoint(address: address),
                credentials: .keySecret(key: "script-key", secret: "script-secret"), retries: retries, timeout: 30)
            configuration.retryBaseDelay = 0.01
            configuration.maxConcurrentConnections = concurrency
            let service = ClientJobService(client: DevoClient(configuration: configuration), interrupt: interpreter.interrupt)
            interpreter.jobService = dryRun ? DryRunJobService(wrapping: service, notices: interpreter.output.write) : service
            interpreter.jobOptions.concurrency = concurrency
            interpreter.jobOptions.rate = rate
            interpreter.jobOptions.firstPollInterval = 20
            var errors = ""
            let runner = ProgramRunner(interpreter: interpreter, writeError: { errors += $0 })
            let code = runner.run(SourceFile(name: "test.djs", text: code))
            return Run(exitCode: code, output: interpreter.output.captured, errors: errors)
        }
    }

    static func simulator(running: Int, stopped: Int, faults: FaultOptions = FaultOptions(),
                          observer: (@Sendable (SimulatorRequestRecord) -> Void)? = nil) throws -> DevoSimulator {
        var options = SimulatorOptions()
        options.faults = faults
        options.requestObserver = observer
        options.apiKey = "script-key"
        options.apiSecret = "script-secret"
        let simulator = DevoSimulator(options: options)
        try simulator.start()
        for (count, status) in [(running, JobStatus.running), (stopped, JobStatus.stopped)] {
            for n in 0..<count {
                var seed = JobSeed()
                seed.status = status
                seed.friendlyName = "\(status.rawValue.lowercased())-\(n)"
                simulator.seedJob(seed)
            }
        }
        return simulator
    }

    @Test func theCardsLoopStopsEveryRunningJob() async throws {
        let simulator = try Self.simulator(running: 5, stopped: 2)
        defer { simulator.stop() }
        let run = await Self.run("""
            let n = 0
            for j in jobs() where j.status == "RUNNING" < stop(j); n = n + 1 >
            print("stopped", n)
            """, against: simulator)
        #expect(run.errors == "")
        #expect(run.output == "stopped 5\n")
        #expect(run.exitCode == 0)
        #expect(simulator.jobSnapshot().allSatisfy { $0.status == .stopped })
        #expect(simulator.requestLog().filter { $0.path.hasPrefix("/search/job/stop/") }.count == 5)
    }

    @Test func aListCallAttemptsEveryJobAndReportsEachFailure() async throws {
        let simulator = try Self.simulator(running: 3, stopped: 2)
        defer { simulator.stop() }
        // Stopping already-stopped jobs is refused by Devo (code 108): two of five fail.
        let run = await Self.run("""
            let all = sort(jobs(), fn(j) < j.friendlyName >)
            try < stop(all) > catch e <
                print(e.message)
                print(len(e.failed), "failed,", len(e.succeeded), "stopped")
            >
            stop(all)
            """, against: simulator)
        #expect(run.output == "stop(): 2 of 5 jobs failed (3 stopped)\n2 failed, 3 stopped\n")
        #expect(run.exitCode == 70)
        #expect(run.errors.contains("test.djs:6:1: error: stop(): 5 of 5 jobs failed"))
        #expect(simulator.jobSnapshot().allSatisfy { $0.status == .stopped })
    }

    @Test func queryLaunchesAJobWithItsDestination() async throws {
        let simulator = try Self.simulator(running: 0, stopped: 0)
        defer { simulator.stop() }
        let run = await Self.run("""
            let j = query("from demo.ecommerce.data select *", from: time("2024-01-01T00:00:00Z"), to: time("2024-01-01T01:00:00Z"),
                          dest: s3(bucket: "b", region: "eu-west-1", accessKey: "AK", secretKey: "SK"))
            print(j.type, j.table, len(jobs()))
            """, against: simulator)
        #expect(run.errors == "")
        #expect(run.output == "s3 demo.ecommerce.data 1\n")
        let job = try #require(simulator.jobSnapshot().first)
        #expect(job.from == 1_704_067_200_000)  // the simulator keeps epoch milliseconds
        #expect(job.to == 1_704_070_800_000)
    }

    @Test func unknownJobIsARuntimeErrorAtTheCall() async throws {
        let simulator = try Self.simulator(running: 0, stopped: 0)
        defer { simulator.stop() }
        let run = await Self.run("print(job(\"no-such-job\").status)", against: simulator)
        #expect(run.exitCode == 70)
        #expect(run.errors.hasPrefix("test.djs:1:7: error: get job no-such-job: job no-such-job not found"))
        #expect(run.errors.contains("not found"))
        #expect(!run.errors.contains("script-secret"))
    }
}
