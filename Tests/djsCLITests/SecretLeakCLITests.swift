import Foundation
import Testing

/// Distinctive credentials go in through every door (environment, flags, config files) and
/// djs is driven down every path a person can take (verbose mode, connection errors, 401s,
/// script errors, `:env` in the REPL, the REPL's history file on a real terminal); none of
/// the four values may come out in standard output, standard error or any file djs writes.
@Suite(.serialized) struct SecretLeakCLITests {
    static let key = "KEY-LEAKCHECK-7Q2W9E4R"
    static let secret = "SECRET-LEAKCHECK-1Z8X3C6V"
    static let token = "TOKEN-LEAKCHECK-5B7N2M0K"
    static let jwt = "JWT-LEAKCHECK-4H6J8K1L"
    static let all = [key, secret, token, jwt]

    /// Fails the test for each credential found in `text`.
    static func expectClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for value in all where text.contains(value) {
            Issue.record("\(what) contains \(value):\n\(text)", sourceLocation: sourceLocation)
        }
    }

    /// Every regular file under `directory`, minus the ones the test wrote itself.
    static func expectCleanFiles(under directory: String, except: Set<String> = [],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        for case let relative as String in walker {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard !except.contains(path), let data = FileManager.default.contents(atPath: path) else { continue }
            expectClean(String(decoding: data, as: UTF8.self), "file \(path)", sourceLocation: sourceLocation)
        }
    }

    /// A throwaway HOME with XDG directories inside, so history and config land in it.
    final class Home {
        let path = NSTemporaryDirectory() + "djs-leak-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var environment: [String: String] {
            ["HOME": path, "XDG_CONFIG_HOME": path + "/config", "XDG_STATE_HOME": path + "/state"]
        }
    }

    /// `djs sim` in the foreground, accepting the distinctive credentials; its request log
    /// (one line per request: `GET /search/job/stop/ID 200 auth=hmac`) goes to `requestLog`
    /// when given.
    final class Simulator {
        let process = Process()
        let address: String

        init(_ extra: [String] = [], requestLog: URL? = nil) throws {
            process.executableURL = DJSProcess.binary
            process.arguments = ["sim", "--port", "0", "--jobs", "4"] + (requestLog == nil ? ["--quiet"] : [])
                + ["--key", SecretLeakCLITests.key, "--secret", SecretLeakCLITests.secret, "--token", SecretLeakCLITests.token,
                   "--jwt", SecretLeakCLITests.jwt] + extra
            let output = Pipe()
            process.standardOutput = output
            if let requestLog {
                _ = FileManager.default.createFile(atPath: requestLog.path, contents: nil)
                process.standardError = try FileHandle(forWritingTo: requestLog)
            } else {
                process.standardError = FileHandle.nullDevice
            }
            try process.run()
            // The first line is "listening on http://127.0.0.1:PORT".
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: "http://127.0.0.1:[0-9]+", options: .regularExpression) else {
                process.terminate()
                throw SetupError(message: "djs sim printed: \(text)")
            }
            address = String(text[range])
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct SetupError: Error { var message: String }

    private func run(_ arguments: [String], stdin: String? = nil, _ environment: [String: String]) throws -> DJSProcess.Result {
        // The test runner's own environment may hold real DEVO_API_* values: blank them.
        var env = ["DEVO_API_ADDRESS": "", "DEVO_API_KEY": "", "DEVO_API_SECRET": "", "DEVO_API_TOKEN": "", "DEVO_API_JWT": ""]
        env.merge(environment) { _, new in new }
        return try DJSProcess.run(arguments, stdin: stdin, environment: env)
    }

    @Test func verboseRunsWithEachCredentialSourceShowNoSecret() throws {
        let simulator = try Simulator()
        defer { simulator.stop() }
        let home = try Home()
        let script = "for j in jobs() < print(j.id, j.status) >\nlet one = jobs()[0]\nstop(one)\nstart(one)\nprint(job(one.id).status)"

        let viaEnvironment = try run(["-v", "-e", script], home.environment.merging(
            ["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Self.key, "DEVO_API_SECRET": Self.secret]) { $1 })
        #expect(viaEnvironment.exitCode == 0, "\(viaEnvironment.stderr)")
        #expect(viaEnvironment.stderr.contains("djs: devo: GET /search/jobs -> 200"), "verbose mode logs requests")

        let viaFlags = try run(["-v", "--address", simulator.address, "--token", Self.token, "-e", script], home.environment)
        #expect(viaFlags.exitCode == 0, "\(viaFlags.stderr)")

        let file = home.path + "/config/djs/config.json"
        try FileManager.default.createDirectory(atPath: home.path + "/config/djs", withIntermediateDirectories: true)
        try Data(#"{"default_profile": "p", "profiles": {"p": {"address": "\#(simulator.address)", "jwt": "\#(Self.jwt)", "retries": 1}}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let viaProfile = try run(["-v", "-e", script], home.environment)
        #expect(viaProfile.exitCode == 0, "\(viaProfile.stderr)")

        for result in [viaEnvironment, viaFlags, viaProfile] {
            Self.expectClean(result.stdout, "stdout")
            Self.expectClean(result.stderr, "stderr")
        }
        Self.expectCleanFiles(under: home.path, except: [file])
    }

    @Test func rejectedCredentialsAndBrokenConnectionsShowNoSecret() throws {
        let simulator = try Simulator()
        defer { simulator.stop() }
        let home = try Home()
        let wrong = "WRONG-" + Self.secret
        var results: [DJSProcess.Result] = []
        // 401: the right key with a wrong secret (which itself contains the secret).
        results.append(try run(["-v", "-e", "jobs()"], home.environment.merging(
            ["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Self.key, "DEVO_API_SECRET": wrong]) { $1 }))
        // 401: a token and a JWT the server does not know.
        results.append(try run(["-v", "--address", simulator.address, "--token", Self.token + "x", "-e", "jobs()"], home.environment))
        results.append(try run(["-v", "--address", simulator.address, "--jwt", "x" + Self.jwt, "-e", "stop(\"j1\")"], home.environment))
        // Nobody listening.
        results.append(try run(["-v", "--retries", "1", "--address", "http://127.0.0.1:9", "--key", Self.key, "--secret", Self.secret,
                                "-e", "jobs()"], home.environment))
        // Plain http off loopback, and an address carrying the token: refused at start (exit 64).
        let refusedAtStart = results.count
        results.append(try run(["--address", "http://devo.example.com", "--token", Self.token, "-e", "jobs()"], home.environment))
        results.append(try run(["--address", "https://devo.example.com/search/query?token=\(Self.token)", "--token", Self.token,
                                "-e", "jobs()"], home.environment))
        results.append(try run(["--address", "https://x:\(Self.secret)@devo.example.com", "--token", Self.token, "-e", "jobs()"], home.environment))
        let refusedAtStartEnd = results.count
        // Half a key pair.
        results.append(try run(["--region", "eu", "--secret", Self.secret, "-e", "jobs()"], home.environment))
        for (index, result) in results.enumerated() {
            #expect(result.exitCode == ((refusedAtStart..<refusedAtStartEnd).contains(index) ? 64 : 70), "\(result.stderr)")
            #expect(result.stderr.contains("error:"))
            Self.expectClean(result.stdout, "stdout")
            Self.expectClean(result.stderr, "stderr")
        }
        Self.expectCleanFiles(under: home.path)
    }

    @Test func aServerThatNeverAnswersTimesOutWithoutShowingASecret() throws {
        let simulator = try Simulator(["--hang"])
        defer { simulator.stop() }
        let home = try Home()
        let result = try run(["-v", "--timeout", "0.3", "--retries", "1", "-e", "jobs()"], home.environment.merging(
            ["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Self.key, "DEVO_API_SECRET": Self.secret]) { $1 })
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("no reply within 0.3 s"))
        Self.expectClean(result.stdout + result.stderr, "output")
    }

    @Test func configFileProblemsShowNoSecret() throws {
        let home = try Home()
        let file = home.path + "/.devo.json"
        var results: [DJSProcess.Result] = []
        for (contents, mode) in [(#"{"api": {"region": "eu", "key": "\#(Self.key)", "secret": "\#(Self.secret)"}}"#, 0o644),
                                 (#"{"api": {"key": "\#(Self.key)", "secret": "\#(Self.secret)",, }"#, 0o600),
                                 (#"{"api": {"region": "eu", "token": ["\#(Self.token)"]}}"#, 0o600),
                                 (#"{"api": {"region": "eu", "jwt": "\#(Self.jwt)"}} trailing \#(Self.secret)"#, 0o600)] {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
            results.append(try run(["-v", "-e", "jobs()"], home.environment))
        }
        for result in results {
            #expect(result.exitCode == 70)
            #expect(result.stderr.contains(file), "names the file: \(result.stderr)")
            Self.expectClean(result.stdout + result.stderr, "output")
        }
    }

    @Test func scriptErrorsAndCheckShowNoSecret() throws {
        let simulator = try Simulator()
        defer { simulator.stop() }
        let home = try Home()
        let environment = home.environment.merging(
            ["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Self.key, "DEVO_API_SECRET": Self.secret]) { $1 }
        let scripts = [
            "stop(\"no-such-job\")",                          // 404 from the server
            "let j = jobs()[0]\nremove(j)\nremove(j)",       // an illegal state change / not found
            "jobs()\nerror(\"boom\")",                        // a script's own error after requests
            "let x = jobs(\n",                                // a syntax error
            "query(\"from x select *\", from: \"1d\")",      // a launch without a destination
            "print(undefinedName)",                           // a name error
        ]
        for script in scripts {
            let result = try run(["-v", "-e", script], environment)
            #expect(result.exitCode != 0)
            Self.expectClean(result.stdout + result.stderr, "output of \(script)")
        }
        let file = try DJSProcess.temporaryFile(Data("jobs(\nstop(".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try run(["check", file.path], environment)
        #expect(check.exitCode == 65)
        Self.expectClean(check.stdout + check.stderr, "djs check")
        Self.expectCleanFiles(under: home.path)
    }

    @Test func theREPLOnAPipeShowsNoSecretInEnvTimingOrErrors() throws {
        let simulator = try Simulator()
        defer { simulator.stop() }
        let home = try Home()
        let input = ":env\n:timing on\nlen(jobs())\nstop(\"missing\")\n:help\njobs()[0]\n:quit\n"
        let result = try run(["-i", "-v", "--key", Self.key], stdin: input, home.environment.merging(
            ["DEVO_API_ADDRESS": simulator.address, "DEVO_API_SECRET": Self.secret, "DEVO_API_TOKEN": Self.token]) { $1 })
        #expect(result.stdout.contains("auth: key+secret"), "\(result.stdout)")
        #expect(result.stdout.contains("4\n"), "the job call worked: \(result.stdout)")
        Self.expectClean(result.stdout, "REPL stdout")
        Self.expectClean(result.stderr, "REPL stderr")
        Self.expectCleanFiles(under: home.path)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func theHistoryFileOfATerminalSessionHoldsNoSecret() throws {
        let simulator = try Simulator()
        defer { simulator.stop() }
        let home = try Home()
        // script(1) gives djs a pseudo-terminal, so it runs the libedit REPL and keeps history.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(DJSProcess.binary.path)' -v", "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(home.environment) { $1 }
        environment.merge(["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Self.key, "DEVO_API_SECRET": Self.secret,
                           "DEVO_API_JWT": Self.jwt, "NO_COLOR": "1", "TERM": "dumb"]) { $1 }
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Typed slowly, as a person would: libedit reads the terminal line by line.
        for line in [":env", "len(jobs())", "stop(\"missing\")", ":history", ":quit"] {
            usleep(400_000)
            input.fileHandleForWriting.write(Data((line + "\r").utf8))
        }
        let screen = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: screen, as: UTF8.self)
        #expect(text.contains("auth: key+secret"), "the REPL ran: \(text)")
        let history = home.path + "/state/djs/history"
        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved.contains("len(jobs())"), "history was written: \(saved)")
        Self.expectClean(text, "terminal")
        Self.expectCleanFiles(under: home.path)
    }
}
