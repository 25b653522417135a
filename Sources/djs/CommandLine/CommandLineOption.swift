import DJS
import DJSClient

/// One command-line option: its spellings, the value it takes and what it sets. The table
/// `all` is the single list the parser, the did-you-mean and the completion scripts read, so
/// adding an option is adding a row.
struct CommandLineOption: Sendable {
    typealias UsageError = CommandLineOptions.UsageError

    enum Effect: Sendable {
        /// Sets a field of the options from the value ("" for a switch).
        case set(@Sendable (inout CommandLineOptions, String) throws(UsageError) -> Void)
        /// Narrows a job subcommand (`--status`, `--where`, …).
        case filter(@Sendable (inout JobCommand, String) throws(UsageError) -> Void)
        case help
        case version
        /// `-e CODE`: the rest of the line is the script's arguments.
        case code
    }

    /// What a shell offers after the option.
    enum Completion: Sendable, Equatable {
        case none
        case choices([String])
        case file
        /// Free text: nothing to offer.
        case text
    }

    var names: [String]
    /// Nil for a switch; the placeholder shown in help for an option that takes a value.
    var valueName: String?
    var completion: Completion = .none
    var effect: Effect

    /// An option that takes a value (completed from `completion`; free text by default).
    init(_ names: [String], _ valueName: String, completion: Completion = .text, _ effect: Effect) {
        self.names = names
        self.valueName = valueName
        self.completion = completion
        self.effect = effect
    }

    /// A switch.
    init(_ names: [String], _ effect: Effect) {
        self.names = names
        self.valueName = nil
        self.effect = effect
    }

    static let regions = DevoRegion.allCases.map(\.rawValue)

    /// Every option a run, the REPL or a job subcommand takes.
    static let all: [CommandLineOption] = [
        CommandLineOption(["-h", "--help"], .help),
        CommandLineOption(["--version"], .version),
        CommandLineOption(["-e"], "CODE", .code),
        CommandLineOption(["-i", "--interactive"], .set { options, _ in options.forceInteractive = true }),
        CommandLineOption(["--sim"], .set { options, _ in options.useSimulator = true }),
        CommandLineOption(["--sim-jobs"], "N", .set { options, text throws(UsageError) in
            options.simulatorJobs = try wholeNumber(text, "--sim-jobs", 0...1_000_000)
        }),
        CommandLineOption(["--sim-seed"], "N", .set { options, text throws(UsageError) in
            guard let seed = UInt64(text) else { throw UsageError(message: "--sim-seed needs a whole number, got '\(text)'") }
            options.simulatorSeed = seed
        }),
        CommandLineOption(["--sim-speed"], "X", .set { options, text throws(UsageError) in
            guard let speed = Double(text), speed >= 0, speed <= 1e9 else {
                throw UsageError(message: "--sim-speed needs a number from 0 to 1e9, got '\(text)'")
            }
            options.simulatorSpeed = speed
        }),
        CommandLineOption(["--no-color"], .set { options, _ in options.color = false }),
        CommandLineOption(["--color"], .set { options, _ in options.color = true }),
        CommandLineOption(["--max-steps"], "N", .set { options, text throws(UsageError) in
            options.maximumSteps = try wholeNumber(text, "--max-steps", 1...Int.max)
        }),
        CommandLineOption(["-v", "--verbose"], .set { options, _ in options.verbose = true }),
        CommandLineOption(["--dry-run"], .set { options, _ in options.dryRun = true }),
        CommandLineOption(["-y", "--yes"], .set { options, _ in options.assumeYes = true }),
        CommandLineOption(["--wide"], .set { options, _ in options.wide = true }),
        CommandLineOption(["--concurrency"], "N", .set { options, text throws(UsageError) in
            options.concurrency = try wholeNumber(text, "--concurrency", 1...256)
        }),
        CommandLineOption(["--rate"], "N", .set { options, text throws(UsageError) in
            guard let rate = Double(text), rate.isFinite, rate > 0 else {
                throw UsageError(message: "--rate needs a number of requests per second above 0, got '\(text)'")
            }
            options.rate = rate
        }),
        CommandLineOption(["-o", "--format"], "F", completion: .choices(OutputFormat.names), .set { options, text throws(UsageError) in
            options.format = try choice(text, "--format", OutputFormat.names).flatMap(OutputFormat.init(rawValue:)) ?? .table
        }),
        CommandLineOption(["--address"], "URL", .set { options, text in options.connection.address = text }),
        CommandLineOption(["--region"], "R", completion: .choices(regions), .set { options, text throws(UsageError) in
            options.connection.region = try choice(text.lowercased(), "--region", regions)
        }),
        CommandLineOption(["--key"], "K", .set { options, text in options.connection.key = text }),
        CommandLineOption(["--secret"], "S", .set { options, text in options.connection.secret = text }),
        CommandLineOption(["--token"], "T", .set { options, text in options.connection.token = text }),
        CommandLineOption(["--jwt"], "J", .set { options, text in options.connection.jwt = text }),
        CommandLineOption(["--profile"], "NAME", .set { options, text in options.connection.profile = text }),
        CommandLineOption(["--config"], "FILE", completion: .file, .set { options, text in options.connection.configFile = text }),
        CommandLineOption(["--cacert"], "FILE", completion: .file, .set { options, text in options.connection.caFile = text }),
        CommandLineOption(["--retries"], "N", .set { options, text throws(UsageError) in
            options.connection.retries = try wholeNumber(text, "--retries", 0...100)
        }),
        CommandLineOption(["--timeout"], "SECONDS", .set { options, text throws(UsageError) in
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw UsageError(message: "--timeout needs a number of seconds, got '\(text)'")
            }
            options.connection.timeout = seconds
        }),
    ]

    static func wholeNumber(_ text: String, _ flag: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "from \(range.lowerBound) up" : "from \(range.lowerBound) to \(range.upperBound)"
            throw UsageError(message: "\(flag) needs a whole number \(bounds), got '\(text)'")
        }
        return number
    }

    static func choice(_ text: String, _ flag: String, _ choices: [String]) throws(UsageError) -> String? {
        guard choices.contains(text) else {
            throw UsageError(message: "\(flag) takes one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}
