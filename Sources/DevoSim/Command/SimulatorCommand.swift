#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    struct UsageError: Error, Equatable {
        let message: String
    }

    /// Hand-written parsing: `--name value` or `--name=value`; every error names the option.
    static func parse(_ arguments: [String]) -> Result<Parsed, UsageError> {
        var options = SimulatorOptions()
        options.jobs = 20
        var quiet = false
        var faultSeed: UInt64?
        var remaining = arguments[...]
        if remaining.first == "sim" { remaining = remaining.dropFirst() }

        while let argument = remaining.popFirst() {
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() -> Result<String, UsageError> {
                if let inlineValue { return .success(inlineValue) }
                guard let next = remaining.popFirst() else { return .failure(UsageError(message: "\(name) needs a value")) }
                return .success(next)
            }
            func integer(_ range: ClosedRange<Int>) -> Result<Int, UsageError> {
                value().flatMap { text in
                    guard let number = Int(text), range.contains(number) else {
                        return .failure(UsageError(message: "\(name) expects a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'"))
                    }
                    return .success(number)
                }
            }
            func unsigned() -> Result<UInt64, UsageError> {
                value().flatMap { text in
                    guard let number = UInt64(text) else {
                        return .failure(UsageError(message: "\(name) expects a non-negative whole number, got '\(text)'"))
                    }
                    return .success(number)
                }
            }
            func decimal(_ range: ClosedRange<Double>) -> Result<Double, UsageError> {
                value().flatMap { text in
                    guard let number = Double(text), number.isFinite, range.contains(number) else {
                        return .failure(UsageError(message: "\(name) expects a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'"))
                    }
                    return .success(number)
                }
            }
            func text() -> Result<String, UsageError> {
                value().flatMap { text in
                    text.isEmpty ? .failure(UsageError(message: "\(name) must not be empty")) : .success(text)
                }
            }
            func flag() -> Result<Void, UsageError> {
                inlineValue == nil ? .success(()) : .failure(UsageError(message: "\(name) takes no value"))
            }

            let result: Result<Void, UsageError>
            switch name {
            case "--help", "-h": return .success(.help)
            case "--port": result = integer(0...65535).map { options.port = $0 }
            case "--jobs": result = integer(0...1_000_000).map { options.jobs = $0 }
            case "--seed": result = unsigned().map { options.seed = $0 }
            case "--key": result = text().map { options.apiKey = $0 }
            case "--secret": result = text().map { options.apiSecret = $0 }
            case "--token": result = text().map { options.token = $0 }
            case "--jwt": result = text().map { options.jwt = $0 }
            case "--speed": result = decimal(0...1e9).map { options.speed = $0 }
            case "--created-seconds": result = decimal(0...86_400).map { options.createdDuration = $0 }
            case "--signature-window": result = decimal(0...31_536_000).map { options.signatureWindow = $0 }
            case "--removed-visible": result = flag().map { options.removedJobsVisible = true }
            case "--full-action-replies": result = flag().map { options.fullActionReplies = true }
            case "--accept-bare-token": result = flag().map { options.acceptBareToken = true }
            case "--quiet", "-q": result = flag().map { quiet = true }
            case "--latency": result = decimal(0...600_000).map { options.faults.latency = $0 / 1000 }
            case "--error-rate": result = decimal(0...1).map { options.faults.errorRate = $0 }
            case "--rate-limit": result = integer(0...10_000_000).map { options.faults.rateLimit = $0 }
            case "--drop-rate": result = decimal(0...1).map { options.faults.dropRate = $0 }
            case "--malformed-rate": result = decimal(0...1).map { options.faults.malformedRate = $0 }
            case "--html-rate": result = decimal(0...1).map { options.faults.htmlErrorRate = $0 }
            case "--hang": result = flag().map { options.faults.hang = true }
            case "--fault-seed": result = unsigned().map { faultSeed = $0 }
            default:
                return .failure(UsageError(message: argument.hasPrefix("-")
                    ? "unknown option '\(name)'" : "unexpected argument '\(argument)'"))
            }
            if case .failure(let error) = result { return .failure(error) }
        }
        if (options.apiKey == nil) != (options.apiSecret == nil) {
            return .failure(UsageError(message: "--key and --secret go together"))
        }
        options.faults.seed = faultSeed ?? options.seed
        return .success(.serve(options, quiet: quiet))
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
