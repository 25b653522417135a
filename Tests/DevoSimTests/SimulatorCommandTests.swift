import Foundation
import Synchronization
import Testing
@testable import DevoSim

@Suite struct SimulatorCommandTests {
    /// Collects what the command prints.
    final class Output: Sendable {
        let out = Mutex("")
        let err = Mutex("")
        var stdout: String { out.withLock { $0 } }
        var stderr: String { err.withLock { $0 } }
    }

    private func run(_ arguments: [String], whileServing body: (DevoSimulator) -> Void = { _ in }) -> (Int32, Output) {
        let output = Output()
        let status = SimulatorCommand.run(arguments: arguments,
                                          print: { text in output.out.withLock { $0 += text } },
                                          printError: { text in output.err.withLock { $0 += text } },
                                          waitUntilStopped: body)
        return (status, output)
    }

    @Test(arguments: [
        (["--port"], "--port needs a value"),
        (["--port", "70000"], "--port expects a whole number in 0...65535"),
        (["--jobs", "many"], "--jobs expects a whole number"),
        (["--seed", "-1"], "--seed expects a non-negative whole number"),
        (["--speed", "fast"], "--speed expects a number"),
        (["--error-rate", "1.5"], "--error-rate expects a number in 0.0...1.0"),
        (["--key", "k"], "--key and --secret go together"),
        (["--secret", "s"], "--key and --secret go together"),
        (["--token", ""], "--token must not be empty"),
        (["--hang=yes"], "--hang takes no value"),
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["extra"], "unexpected argument 'extra'"),
    ])
    func usageErrorsExit64WithAClearMessage(arguments: [String], message: String) {
        let (status, output) = run(arguments)
        #expect(status == 64)
        #expect(output.stderr.hasPrefix("djs sim: "))
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func exportValuesAreShellQuotedWhenNeeded() {
        #expect(SimulatorCommand.shellQuoted("abcXYZ09") == "abcXYZ09")
        #expect(SimulatorCommand.shellQuoted("http://127.0.0.1:8080/search/query") == "http://127.0.0.1:8080/search/query")
        #expect(SimulatorCommand.shellQuoted("it's $x") == #"'it'\''s $x'"#)
        #expect(SimulatorCommand.shellQuoted("") == "''")
    }

    @Test func helpPrintsUsageAndExits0() {
        let (status, output) = run(["--help"])
        #expect(status == 0)
        #expect(output.stdout.hasPrefix("usage: djs sim"))
    }

    @Test func parsesEveryOption() throws {
        let parsed = SimulatorCommand.parse(["sim", "--port=8123", "--jobs", "7", "--seed", "9", "--key", "k", "--secret", "s",
                                             "--token", "t", "--jwt", "j", "--speed", "60", "--created-seconds", "2",
                                             "--signature-window", "30", "--removed-visible", "--accept-bare-token", "--quiet", "--full-action-replies",
                                             "--latency", "250", "--error-rate", "0.1", "--rate-limit", "100", "--drop-rate", "0.2",
                                             "--malformed-rate", "0.3", "--html-rate", "0.4", "--hang", "--fault-seed", "11"])
        guard case .success(.serve(let options, let quiet)) = parsed else {
            Issue.record("not parsed: \(parsed)")
            return
        }
        #expect(options.port == 8123 && options.jobs == 7 && options.seed == 9)
        #expect(options.apiKey == "k" && options.apiSecret == "s" && options.token == "t" && options.jwt == "j")
        #expect(options.speed == 60 && options.createdDuration == 2 && options.signatureWindow == 30)
        #expect(options.removedJobsVisible && options.acceptBareToken && quiet && options.fullActionReplies)
        guard case .success(.serve(let defaults, _)) = SimulatorCommand.parse(["sim"]) else { return }
        #expect(!defaults.fullActionReplies, "Devo's short action replies by default")
        #expect(options.faults == FaultOptions(latency: 0.25, errorRate: 0.1, rateLimit: 100, dropRate: 0.2,
                                               malformedRate: 0.3, htmlErrorRate: 0.4, hang: true, seed: 11))
    }

    @Test func printsListeningLineThenExportsAndServes() throws {
        let (status, output) = run(["--port", "0", "--jobs", "5", "--key", "cmd key", "--secret", "cmd secret",
                                    "--token", "cmd-token"]) { simulator in
            #expect(simulator.jobSnapshot().count == 5)
            #expect(simulator.options.apiKey == "cmd key")
        }
        #expect(status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("listening on http://127.0.0.1:"))
        let port = try #require(Int(first.dropFirst("listening on http://127.0.0.1:".count)))
        #expect(port > 0)
        #expect(lines.dropFirst() == ["export DEVO_API_ADDRESS=http://127.0.0.1:\(port)/search/query",
                                      "export DEVO_API_KEY='cmd key'", "export DEVO_API_SECRET='cmd secret'",
                                      "export DEVO_API_TOKEN=cmd-token"])
    }

    @Test func requestLogGoesToStderrWithoutSecrets() throws {
        let (_, output) = run(["--key", "k", "--secret", "topsecret", "--token", "tok3n"]) { simulator in
            var request = URLRequestLike(port: simulator.port)
            request.send("GET /search/jobs HTTP/1.1\r\nAuthorization: Bearer tok3n\r\n\r\n")
            request.send("GET /search/jobs HTTP/1.1\r\nAuthorization: Bearer wrong\r\n\r\n")
        }
        #expect(output.stderr.contains("GET /search/jobs 200 auth=bearer"))
        #expect(output.stderr.contains("GET /search/jobs 401 auth=bearer"))
        #expect(!output.stderr.contains("topsecret") && !output.stderr.contains("tok3n"))
    }

    @Test func generatesCredentialsWhenNoneAreGiven() throws {
        let (_, output) = run(["--quiet"])
        let key = output.stdout.split(separator: "\n").first { $0.hasPrefix("export DEVO_API_KEY=") }
        #expect((key?.count ?? 0) == "export DEVO_API_KEY=".count + 32)
        #expect(!output.stdout.contains("DEVO_API_TOKEN"))
    }

    @Test func embeddedStartsWithFreshCredentials() throws {
        let first = try DevoSimulator.embedded(jobs: 3)
        defer { first.simulator.stop() }
        let second = try DevoSimulator.embedded(jobs: 0)
        defer { second.simulator.stop() }
        #expect(first.baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(first.queryAddress == first.baseURL + "/search/query")
        #expect(first.apiKey != second.apiKey && first.apiSecret != second.apiSecret && first.token != second.token)
        #expect(first.simulator.jobSnapshot().count == 3)
        let connection = try RawConnection(port: first.simulator.port)
        defer { connection.close() }
        try connection.send("GET /search/jobs HTTP/1.1\r\nAuthorization: Bearer \(first.token)\r\n\r\n")
        #expect(connection.readResponse()?.status == 200)
    }
}

/// One request on a fresh raw connection, reply discarded.
struct URLRequestLike {
    let port: Int
    mutating func send(_ text: String) {
        guard let connection = try? RawConnection(port: port) else { return }
        defer { connection.close() }
        try? connection.send(text)
        _ = connection.readResponse()
    }
}

@Test func optionsDescriptionHidesCredentials() {
    var options = SimulatorOptions()
    options.apiKey = "key-value"
    options.apiSecret = "secret-value"
    options.token = "token-value"
    let text = "\(options)"
    #expect(text.contains("apiSecret: set") && text.contains("jwt: unset"))
    #expect(!text.contains("secret-value") && !text.contains("token-value") && !text.contains("key-value"))
}
