#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DJSSupport
import Foundation

/// `djs sim …`: runs a simulator in the foreground until SIGINT or SIGTERM.
///
/// The first stdout line is exactly `listening on http://127.0.0.1:PORT`, followed by the
/// `export DEVO_API_…=…` lines a user pastes into another shell (printing the credentials
/// there is the point of those lines; nothing else ever prints them). One line per request
/// goes to stderr unless `--quiet`.
public enum SimulatorCommand {
    public static let usage = """
        usage: djs sim [options]

        Runs a local Devo job API simulator on 127.0.0.1 until Ctrl-C.

        options:
          --port N                 TCP port; 0 picks a free one (default 0)
          --jobs N                 jobs to seed at start (default 20)
          --seed N                 seed of every random choice (default 1)
          --key K --secret S       API key and secret to accept (default: fresh random ones)
          --token T                also accept "Authorization: Bearer T"
          --jwt J                  also accept "Authorization: jwt J"
          --speed X                data seconds a running job processes per second (default 3600)
          --created-seconds X      seconds a new job stays CREATED (default 0.5)
          --signature-window S     accepted timestamp skew in seconds (default 300)
          --removed-visible        keep removed jobs listed as REMOVED (default: deleted)
          --full-action-replies    answer stop/start/remove with the whole job (default:
                                   Devo's short object: status, id, lastDatetime, error)
          --accept-bare-token      accept "Authorization: T" without "Bearer"
          --quiet                  no request log on stderr
          --help                   this text

        faults (all off by default):
          --latency MS             delay every answer by MS milliseconds
          --error-rate P           answer a share P (0..1) of requests with 500/503
          --rate-limit N           answer 429 + Retry-After above N requests per second (token bucket, burst N/10, at least 10)
          --drop-rate P            close the connection halfway through a share P of responses
          --malformed-rate P       send a truncated JSON body for a share P of responses
          --html-rate P            answer a share P of requests with a 502 HTML page
          --hang                   accept requests and never answer
          --fault-seed N           seed of the fault dice (default: --seed)
        """

    /// Runs until SIGINT/SIGTERM; returns the exit status (0, 64 for usage errors, 1 if the
    /// port cannot be bound). `arguments` are those after `sim` (a leading "sim" is skipped).
    public static func run(arguments: [String]) -> Int32 {
        run(arguments: arguments, print: { write(FileHandle.standardOutput, $0) },
            printError: { write(FileHandle.standardError, $0) }, waitUntilStopped: waitForSignal)
    }

    /// The same with its output and its wait injected, so tests can drive it in-process.
    static func run(arguments: [String], print: @escaping @Sendable (String) -> Void,
                    printError: @escaping @Sendable (String) -> Void,
                    waitUntilStopped: (DevoSimulator) -> Void) -> Int32 {
        var options: SimulatorOptions
        var quiet = false
        switch parse(arguments) {
        case .failure(let error):
            printError("djs sim: \(error.message)\nRun 'djs sim --help' for the options.\n")
            return 64
        case .success(.help):
            print(usage + "\n")
            return 0
        case .success(.serve(let parsed, let isQuiet)):
            options = parsed
            quiet = isQuiet
        }
        var generator = SystemRandomNumberGenerator()
        var fresh = SplitMix64(seed: generator.next())
        if options.apiKey == nil { options.apiKey = fresh.alphanumeric(count: 32) }
        if options.apiSecret == nil { options.apiSecret = fresh.alphanumeric(count: 32) }
        if !quiet { options.requestObserver = { printError("\($0)\n") } }

        let simulator = DevoSimulator(options: options)
        do {
            try simulator.start()
        } catch {
            printError("djs sim: cannot start: \(error)\n")
            return 1
        }
        var lines = "listening on \(simulator.baseURL)\n"
        lines += "export DEVO_API_ADDRESS=\(shellQuoted(simulator.queryAddress))\n"
        lines += "export DEVO_API_KEY=\(shellQuoted(options.apiKey ?? ""))\n"
        lines += "export DEVO_API_SECRET=\(shellQuoted(options.apiSecret ?? ""))\n"
        if let token = options.token { lines += "export DEVO_API_TOKEN=\(shellQuoted(token))\n" }
        if let jwt = options.jwt { lines += "export DEVO_API_JWT=\(shellQuoted(jwt))\n" }
        print(lines)
        waitUntilStopped(simulator)
        simulator.stop()
        return 0
    }

    // MARK: - Arguments

    enum Parsed {
        case help
        case serve(SimulatorOptions, quiet: Bool)
    }

    typealias UsageError = CommandLineUsageError

    /// What an option of `djs sim` does.
    enum OptionEffect: Sendable {
        case help
        /// Sets part of the request from the value ("" for a switch); `name` is the spelling
        /// used, for messages.
        case set(@Sendable (_ request: inout Request, _ name: String, _ value: String) throws(UsageError) -> Void)
    }

    /// What the options describe, while they are read.
    struct Request {
        var options = SimulatorOptions()
        var quiet = false
        var faultSeed: UInt64?
    }

    /// Every option of `djs sim`: `--name value` or `--name=value`; every error names the option.
    static let options: [CommandLineOption<OptionEffect>] = [
        CommandLineOption(["--help", "-h"], .help),
        CommandLineOption(["--port"], "N", .set { request, name, text throws(UsageError) in
            request.options.port = try integer(text, name, 0...65535)
        }),
        CommandLineOption(["--jobs"], "N", .set { request, name, text throws(UsageError) in
            request.options.jobs = try integer(text, name, 0...1_000_000)
        }),
        CommandLineOption(["--seed"], "N", .set { request, name, text throws(UsageError) in
            request.options.seed = try unsigned(text, name)
        }),
        CommandLineOption(["--key"], "K", .set { request, name, text throws(UsageError) in
            request.options.apiKey = try nonEmpty(text, name)
        }),
        CommandLineOption(["--secret"], "S", .set { request, name, text throws(UsageError) in
            request.options.apiSecret = try nonEmpty(text, name)
        }),
        CommandLineOption(["--token"], "T", .set { request, name, text throws(UsageError) in
            request.options.token = try nonEmpty(text, name)
        }),
        CommandLineOption(["--jwt"], "J", .set { request, name, text throws(UsageError) in
            request.options.jwt = try nonEmpty(text, name)
        }),
        CommandLineOption(["--speed"], "X", .set { request, name, text throws(UsageError) in
            request.options.speed = try decimal(text, name, 0...1e9)
        }),
        CommandLineOption(["--created-seconds"], "X", .set { request, name, text throws(UsageError) in
            request.options.createdDuration = try decimal(text, name, 0...86_400)
        }),
        CommandLineOption(["--signature-window"], "S", .set { request, name, text throws(UsageError) in
            request.options.signatureWindow = try decimal(text, name, 0...31_536_000)
        }),
        CommandLineOption(["--removed-visible"], .set { request, _, _ in request.options.removedJobsVisible = true }),
        CommandLineOption(["--full-action-replies"], .set { request, _, _ in request.options.fullActionReplies = true }),
        CommandLineOption(["--accept-bare-token"], .set { request, _, _ in request.options.acceptBareToken = true }),
        CommandLineOption(["--quiet", "-q"], .set { request, _, _ in request.quiet = true }),
        CommandLineOption(["--latency"], "MS", .set { request, name, text throws(UsageError) in
            request.options.faults.latency = try decimal(text, name, 0...600_000) / 1000
        }),
        CommandLineOption(["--error-rate"], "P", .set { request, name, text throws(UsageError) in
            request.options.faults.errorRate = try decimal(text, name, 0...1)
        }),
        CommandLineOption(["--rate-limit"], "N", .set { request, name, text throws(UsageError) in
            request.options.faults.rateLimit = try integer(text, name, 0...10_000_000)
        }),
        CommandLineOption(["--drop-rate"], "P", .set { request, name, text throws(UsageError) in
            request.options.faults.dropRate = try decimal(text, name, 0...1)
        }),
        CommandLineOption(["--malformed-rate"], "P", .set { request, name, text throws(UsageError) in
            request.options.faults.malformedRate = try decimal(text, name, 0...1)
        }),
        CommandLineOption(["--html-rate"], "P", .set { request, name, text throws(UsageError) in
            request.options.faults.htmlErrorRate = try decimal(text, name, 0...1)
        }),
        CommandLineOption(["--hang"], .set { request, _, _ in request.options.faults.hang = true }),
        CommandLineOption(["--fault-seed"], "N", .set { request, name, text throws(UsageError) in
            request.faultSeed = try unsigned(text, name)
        }),
    ]

    /// Reads the arguments against `options` (a leading "sim" is skipped).
    static func parse(_ arguments: [String]) -> Result<Parsed, UsageError> {
        Result { () throws(UsageError) -> Parsed in
            var request = Request()
            request.options.jobs = 20
            var scanner = ArgumentScanner(arguments.first == "sim" ? Array(arguments.dropFirst()) : arguments)
            while let argument = scanner.next() {
                guard let (option, name, value) = try scanner.option(argument, in: options) else {
                    throw UsageError(message: argument.hasPrefix("-")
                        ? "unknown option '\(ArgumentScanner.split(argument).name)'" : "unexpected argument '\(argument)'")
                }
                switch option.effect {
                case .help: return .help
                case .set(let apply): try apply(&request, name, value)
                }
            }
            if (request.options.apiKey == nil) != (request.options.apiSecret == nil) {
                throw UsageError(message: "--key and --secret go together")
            }
            request.options.faults.seed = request.faultSeed ?? request.options.seed
            return .serve(request.options, quiet: request.quiet)
        }
    }

    private static func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(name) expects a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    private static func unsigned(_ text: String, _ name: String) throws(UsageError) -> UInt64 {
        guard let number = UInt64(text) else {
            throw UsageError(message: "\(name) expects a non-negative whole number, got '\(text)'")
        }
        return number
    }

    private static func decimal(_ text: String, _ name: String, _ range: ClosedRange<Double>) throws(UsageError) -> Double {
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw UsageError(message: "\(name) expects a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    private static func nonEmpty(_ text: String, _ name: String) throws(UsageError) -> String {
        guard !text.isEmpty else { throw UsageError(message: "\(name) must not be empty") }
        return text
    }

    // MARK: - Process plumbing

    /// The value as a POSIX shell word: unchanged when it holds only safe characters,
    /// otherwise in single quotes, so that the export lines can be pasted or `source`d.
    static func shellQuoted(_ value: String) -> String {
        let safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-"
        if !value.isEmpty, value.allSatisfy({ safe.contains($0) }) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func write(_ handle: FileHandle, _ text: String) {
        handle.write(Data(text.utf8))
    }

    /// Blocks until SIGINT or SIGTERM. The signals are ignored for the default action and
    /// delivered through Dispatch instead, so the handler can run ordinary Swift code.
    private static func waitForSignal(_ simulator: DevoSimulator) {
        let stopped = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopped.signal() }
            source.resume()
            return source
        }
        stopped.wait()
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
