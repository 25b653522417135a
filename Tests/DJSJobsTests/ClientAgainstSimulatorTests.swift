import DJSClient
import DevoSim
import Foundation
import Testing

/// The signed client against the simulator over real HTTP on loopback: every endpoint with
/// every authorization method, and what the client makes of the simulator's refusals.
@Suite struct ClientAgainstSimulatorTests {
    static func startSimulator(jobs: Int = 0) throws -> DevoSimulator {
        var options = SimulatorOptions()
        options.jobs = jobs
        options.apiKey = "integration-key"
        options.apiSecret = "integration-secret-Zq81"
        options.token = "integration-token-Xk22"
        options.jwt = "integration-jwt-Pw93"
        let simulator = DevoSimulator(options: options)
        try simulator.start()
        return simulator
    }

    static func client(_ simulator: DevoSimulator, _ credentials: DevoCredentials) throws -> DevoClient {
        DevoClient(configuration: DevoClientConfiguration(endpoint: try DevoEndpoint(address: simulator.queryAddress),
                                                          credentials: credentials, retries: 0, timeout: 5))
    }

    static let credentials: [DevoCredentials] = [
        .keySecret(key: "integration-key", secret: "integration-secret-Zq81"),
        .token("integration-token-Xk22"),
        .jwt("integration-jwt-Pw93"),
    ]

    @Test(arguments: 0..<credentials.count)
    func everyEndpointWithEachAuthMethod(index: Int) async throws {
        let simulator = try Self.startSimulator()
        defer { simulator.stop() }
        let client = try Self.client(simulator, Self.credentials[index])

        let id = try await client.launch(DevoQueryRequest(
            query: "from demo.ecommerce.data select *", from: 1_530_000_000, to: nil,
            destination: DevoDestination(type: .donothing, params: ["friendlyName": "integration-ñ"])))
        // No `to`: the job runs until stopped, so it cannot complete between the reads below
        // and the stop (which made this test flaky under load).
        #expect(simulator.job(id: id)?.friendlyName == "integration-ñ")

        let listed = try await client.jobs()
        #expect(listed.map(\.id) == [id])

        let fetched = try await client.perform(.read, id: id)
        #expect(fetched.friendlyName == "integration-ñ")
        #expect(fetched.query?.hasPrefix("from demo.ecommerce.data") == true)

        // A new job may still be CREATED; wait (briefly) until it runs so stop is legal.
        var status = fetched.status
        for _ in 0..<100 where status == .created {
            try await Task.sleep(nanoseconds: 20_000_000)
            status = try await client.perform(.read, id: id).status
        }
        if status == .running {
            let stopped = try await client.perform(.stop, id: id)
            #expect(stopped.status == .stopped)
            #expect(simulator.job(id: id)?.status == .stopped)
            let started = try await client.perform(.start, id: id)
            #expect([.running, .completed].contains(started.status))
        }
        let removed = try await client.perform(.remove, id: id)
        #expect([.removed, .completed].contains(removed.status))

        let methods = simulator.requestLog().map { "\($0.method) \($0.path) \($0.status)" }
        #expect(methods.first == "POST /search/query 200")
        #expect(methods.contains("GET /search/jobs 200"))
        #expect(methods.contains("GET /search/job/remove/\(id) 200"))
        #expect(simulator.requestLog().allSatisfy { $0.status == 200 })
        let scheme: AuthScheme = [.hmac, .bearer, .jwt][index]
        #expect(simulator.requestLog().allSatisfy { $0.authScheme == scheme })
    }

    @Test func wrongSecretIsAnAuthenticationErrorWithoutTheSecret() async throws {
        let simulator = try Self.startSimulator(jobs: 3)
        defer { simulator.stop() }
        let client = try Self.client(simulator, .keySecret(key: "integration-key", secret: "WRONG-secret-7731"))
        do {
            _ = try await client.jobs()
            Issue.record("a wrong secret was accepted")
        } catch {
            guard case .authentication = error else {
                Issue.record("expected an authentication error, got \(error)")
                return
            }
            #expect(!error.description.contains("WRONG-secret-7731"))
        }
        #expect(simulator.requestLog().last?.status == 401)
    }

    @Test func unknownJobIsJobNotFound() async throws {
        let simulator = try Self.startSimulator()
        defer { simulator.stop() }
        let client = try Self.client(simulator, Self.credentials[0])
        do {
            _ = try await client.perform(.stop, id: "00000000-0000-0000-0000-000000000000")
            Issue.record("stopping an unknown job succeeded")
        } catch {
            guard case .jobNotFound = error else {
                Issue.record("expected job not found, got \(error)")
                return
            }
        }
    }

    @Test func stoppingAStoppedJobIsAnIllegalStateChange() async throws {
        let simulator = try Self.startSimulator()
        defer { simulator.stop() }
        var seed = JobSeed()
        seed.status = .stopped
        let id = simulator.seedJob(seed)
        let client = try Self.client(simulator, Self.credentials[1])
        do {
            _ = try await client.perform(.stop, id: id)
            Issue.record("stopping a stopped job succeeded")
        } catch {
            guard case .illegalStateChange = error else {
                Issue.record("expected an illegal state change, got \(error)")
                return
            }
        }
        #expect(simulator.job(id: id)?.status == .stopped)
    }

    @Test func jobListingCarriesSeededJobs() async throws {
        let simulator = try Self.startSimulator(jobs: 50)
        defer { simulator.stop() }
        let client = try Self.client(simulator, Self.credentials[2])
        let jobs = try await client.jobs()
        #expect(jobs.count == simulator.jobSnapshot().count)
        #expect(Set(jobs.map(\.id)) == Set(simulator.jobSnapshot().map(\.id)))
    }

    @Test func serverErrorsAreRetriedForJobGets() async throws {
        let simulator = try Self.startSimulator(jobs: 1)
        defer { simulator.stop() }
        var faults = FaultOptions()
        faults.errorRate = 1
        simulator.setFaults(faults)
        let client = DevoClient(configuration: DevoClientConfiguration(
            endpoint: try DevoEndpoint(address: simulator.baseURL), credentials: Self.credentials[0],
            retries: 2, timeout: 5, retryBaseDelay: 0.01, maxRetryDelay: 0.05))
        do {
            _ = try await client.jobs()
            Issue.record("a failing server answered")
        } catch {
            guard case .server = error else {
                Issue.record("expected a server error, got \(error)")
                return
            }
        }
        #expect(simulator.requestLog().filter { $0.path == "/search/jobs" }.count == 3)
        #expect(client.requestCount == 3)
    }
}
