import DJS
import DJSClient

/// What the user asked for on the command line. Parsed by hand: the project takes no
/// package dependencies, and the grammar is small.
struct CommandLineOptions {
    enum Mode: Equatable {
        /// No script: the REPL on a terminal, otherwise a batch run of standard input.
        case automatic
        case file(String)
        case code(String)
        case standardInput
        case check([String])
        case simulator([String])
        case help
        case version
    }

    var mode: Mode = .automatic
    /// Arguments after the script, visible to it as `args`.
    var scriptArguments: [String] = []
    var forceInteractive = false
    var useSimulator = false
    var maximumSteps: Int?
    var color: Bool?
    /// How many jobs the `--sim` simulator starts with.
    var simulatorJobs = 12
    /// Where Devo is and how to sign in; unset fields come from the environment and config files.
    var connection = DevoConnectionFlags()
    /// `--verbose`: one line per HTTP attempt on standard error (secrets redacted).
    var verbose = false
    /// Requests a bulk job call keeps in flight (`--concurrency`).
    var concurrency = JobOptions.defaultConcurrency
    /// `--dry-run`: describe job changes instead of making them.
    var dryRun = false
    /// `--yes`: never ask before a bulk change in the REPL.
    var assumeYes = false
    /// `--format`: how print, table() and the REPL show values.
    var format = OutputFormat.table

    struct UsageError: Error {
        var message: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var index = 0
        func value(for flag: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(flag) needs a value") }
            return arguments[index]
        }

        if let first = arguments.first {
            switch first {
            case "check":
                let files = Array(arguments.dropFirst())
                guard !files.isEmpty else { throw UsageError(message: "check needs at least one file") }
                options.mode = .check(files)
                return options
            case "sim":
                options.mode = .simulator(Array(arguments.dropFirst()))
                return options
            default: break
            }
        }

        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-h", "--help", "help": options.mode = .help; return options
            case "--version": options.mode = .version; return options
            case "-e":
                options.mode = .code(try value(for: "-e"))
                options.scriptArguments = Array(arguments[(index + 1)...])
                return options
            case "-":
                options.mode = .standardInput
                options.scriptArguments = Array(arguments[(index + 1)...])
                return options
            case "-i", "--interactive": options.forceInteractive = true
            case "--sim": options.useSimulator = true
            case "--no-color": options.color = false
            case "--color": options.color = true
            case "--max-steps":
                let text = try value(for: "--max-steps")
                guard let steps = Int(text), steps > 0 else {
                    throw UsageError(message: "--max-steps needs a positive whole number, got '\(text)'")
                }
                options.maximumSteps = steps
            case "--sim-jobs":
                let text = try value(for: "--sim-jobs")
                guard let count = Int(text), count >= 0 else {
                    throw UsageError(message: "--sim-jobs needs a whole number, got '\(text)'")
                }
                options.simulatorJobs = count
            case "-v", "--verbose": options.verbose = true
            case "--dry-run": options.dryRun = true
            case "-y", "--yes": options.assumeYes = true
            case "--concurrency":
                let text = try value(for: argument)
                guard let count = Int(text), (1...256).contains(count) else {
                    throw UsageError(message: "--concurrency needs a whole number from 1 to 256, got '\(text)'")
                }
                options.concurrency = count
            case "--format":
                let text = try value(for: argument)
                guard let format = OutputFormat(rawValue: text) else {
                    throw UsageError(message: "--format takes one of \(OutputFormat.names.joined(separator: ", ")), got '\(text)'")
                }
                options.format = format
            case "--address": options.connection.address = try value(for: argument)
            case "--region": options.connection.region = try value(for: argument)
            case "--key": options.connection.key = try value(for: argument)
            case "--secret": options.connection.secret = try value(for: argument)
            case "--token": options.connection.token = try value(for: argument)
            case "--jwt": options.connection.jwt = try value(for: argument)
            case "--profile": options.connection.profile = try value(for: argument)
            case "--config": options.connection.configFile = try value(for: argument)
            case "--retries":
                let text = try value(for: argument)
                guard let retries = Int(text), retries >= 0 else {
                    throw UsageError(message: "--retries needs a whole number, got '\(text)'")
                }
                options.connection.retries = retries
            case "--timeout":
                let text = try value(for: argument)
                guard let seconds = Double(text), seconds > 0 else {
                    throw UsageError(message: "--timeout needs a number of seconds, got '\(text)'")
                }
                options.connection.timeout = seconds
            case "--":
                index += 1
                if index < arguments.count {
                    options.mode = .file(arguments[index])
                    options.scriptArguments = Array(arguments[(index + 1)...])
                }
                return options
            default:
                if argument.hasPrefix("-") { throw UsageError(message: "unknown option '\(argument)'") }
                options.mode = .file(argument)
                options.scriptArguments = Array(arguments[(index + 1)...])
                return options
            }
            index += 1
        }
        return options
    }

    static let usage = """
        usage: djs [options] [FILE.djs [args…]]   run a script (standard input when piped)
               djs [options] -e CODE [args…]      run CODE
               djs [options] - [args…]            run standard input
               djs [options]                      start the REPL (on a terminal)
               djs check FILE…                    report every syntax error, run nothing
               djs sim [--port N] [--jobs N] …    run the Devo job API simulator (djs sim --help)

        options:
          --sim              run against an embedded simulator on a free loopback port (fresh credentials)
          --sim-jobs N       jobs the embedded simulator starts with (default 12)
          -i, --interactive  start the REPL even when standard input is not a terminal; on a pipe
                             it shows no prompts, no color and keeps no history (for transcripts)
          --max-steps N      stop with an error after N loop iterations and calls
          --color, --no-color  force colored errors on or off (default: on for a terminal, unless NO_COLOR)
          -v, --verbose      log each HTTP request (method, path, status, latency, cid, attempt) to stderr

        jobs:
          --format F         table (default), json, jsonl, csv or text: how print, table() and the REPL show values
          --concurrency N    requests a bulk stop/start/remove/refresh keeps in flight (default 8, 1-256)
          --dry-run          print each change a job built-in would make (request, job, status); change nothing
          -y, --yes          in the REPL, do not ask before changing more than one job (batch runs never ask)

        connection (highest first: these flags, then DEVO_API_* variables, then config files):
          --address URL      Devo API base, /search or /search/query URL (https; http only on loopback)
          --region R         us, ca, eu, es or apac
          --key K --secret S API key and secret (HMAC-signed requests); secrets on the command line
                             show in ps: prefer DEVO_API_SECRET or a config file
          --token T          API token (Authorization: Bearer)
          --jwt J            JWT (Authorization: jwt)
          --profile NAME     a profile of $XDG_CONFIG_HOME/djs/config.json
          --config FILE      read this config file instead of the default ones (~/.devo.json is the SDK's)
          --retries N        extra attempts for retryable requests
          --timeout SECONDS  per-request timeout
          -h, --help         show this help
          --version          show the version

        exit codes: 0 success, 64 usage error, 65 syntax error, 70 runtime error, 130 interrupted;
        exit(n) in a script ends with n.

        """
}
