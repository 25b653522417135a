import DJS
import Foundation
import DJSClient

/// What the user asked for on the command line. Parsed by hand: the project takes no
/// package dependencies. Options are rows of `CommandLineOption.all` (one table drives
/// parsing, the did-you-mean and the shell completion scripts); subcommands are words
/// recognised as the first operand (a script file with such a name runs as `djs ./jobs` or
/// `djs -- jobs`).
struct CommandLineOptions {
    enum Mode: Equatable {
        /// No script: the REPL on a terminal, otherwise a batch run of standard input.
        case automatic
        case file(String)
        case code(String)
        case standardInput
        case check([String])
        case simulator([String])
        /// `djs jobs|job|stop|start|remove …`: everyday job work without writing code.
        case jobCommand(JobCommand)
        /// `djs completion bash|zsh|fish`.
        case completion(String)
        /// `djs journal [RUN]`, `djs resume [RUN]`, `djs undo [RUN]` (Journal/JournalCommandLine.swift).
        case journal(JournalCommandLine)
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
    /// `--sim-seed`: the same simulated jobs (ids, names, statuses) on every run.
    var simulatorSeed: UInt64?
    /// `--sim-speed`: simulated seconds per real second (0: job time stands still).
    var simulatorSpeed: Double = 3600
    /// Where Devo is and how to sign in; unset fields come from the environment and config files.
    var connection = DevoConnectionFlags()
    /// `--verbose`: one line per HTTP attempt on standard error (secrets redacted).
    var verbose = false
    /// The most requests a bulk job call keeps in flight (`--concurrency`); its pace is adaptive below it.
    var concurrency = JobOptions.defaultConcurrency
    /// The most requests a bulk job call sends per second (`--rate`).
    var rate: Double?
    /// `--dry-run`: describe job changes instead of making them.
    var dryRun = false
    /// `--yes`: never ask before a bulk change in the REPL.
    var assumeYes = false
    /// `--format`: how print, table() and the REPL show values.
    var format = OutputFormat.table
    /// `--wide`: tables show every cell whole, whatever the terminal's width.
    var wide = false

    struct UsageError: Error {
        var message: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var jobCommand: JobCommand?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                if jobCommand != nil {
                    jobCommand?.ids += arguments[index...]
                } else if index < arguments.count {
                    options.mode = .file(arguments[index])
                    options.scriptArguments = Array(arguments[(index + 1)...])
                }
                break
            }
            if argument.hasPrefix("-"), argument != "-" {
                let (name, inlineValue) = split(argument)
                let candidates = CommandLineOption.all + (jobCommand?.verb.options ?? [])
                guard let option = candidates.first(where: { $0.names.contains(name) }) else {
                    throw unknownOption(name, among: candidates)
                }
                var value = ""
                if option.valueName != nil {
                    if let inlineValue {
                        value = inlineValue
                    } else {
                        guard index < arguments.count else { throw UsageError(message: "\(name) needs a value") }
                        value = arguments[index]
                        index += 1
                    }
                } else if inlineValue != nil {
                    throw UsageError(message: "\(name) takes no value")
                }
                switch option.effect {
                case .set(let apply): try apply(&options, value)
                case .filter(let apply):
                    guard jobCommand != nil else { throw UsageError(message: "\(name) belongs to a job subcommand") }
                    try apply(&jobCommand!, value)
                case .help: options.mode = .help; return options
                case .version: options.mode = .version; return options
                case .code:
                    guard jobCommand == nil else { throw UsageError(message: "-e does not go with a job subcommand") }
                    options.mode = .code(value)
                    options.scriptArguments = Array(arguments[index...])
                    return options
                }
                continue
            }
            if jobCommand != nil {
                if argument == "-" { jobCommand?.idsFromStandardInput = true } else { jobCommand?.ids.append(argument) }
                continue
            }
            if argument == "-" {
                options.mode = .standardInput
                options.scriptArguments = Array(arguments[index...])
                return options
            }
            let rest = Array(arguments[index...])
            switch argument {
            case "check":
                guard !rest.isEmpty else { throw UsageError(message: "check needs at least one file") }
                options.mode = .check(rest)
                return options
            case "sim":
                options.mode = .simulator(rest)
                return options
            case "help":
                options.mode = .help
                return options
            case "journal", "resume", "undo":
                // Options may come before the command word and after it.
                return try JournalCommandLine.parse(argument, Array(arguments[..<(index - 1)]) + rest)
            case "completion":
                guard rest.count == 1, CompletionScript.shells.contains(rest[0]) else {
                    throw UsageError(message: "completion takes one of \(CompletionScript.shells.joined(separator: ", "))")
                }
                options.mode = .completion(rest[0])
                return options
            default:
                if let verb = JobCommand.Verb(rawValue: argument) {
                    jobCommand = JobCommand(verb: verb)
                    continue
                }
                options.mode = .file(argument)
                options.scriptArguments = rest
                return options
            }
        }
        if let jobCommand {
            try jobCommand.validate()
            options.mode = .jobCommand(jobCommand)
        }
        return options
    }

    /// `--name=value` → ("--name", "value"); anything else → (argument, nil).
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func unknownOption(_ name: String, among options: [CommandLineOption]) -> UsageError {
        var message = "unknown option '\(name)'"
        if let guess = Spelling.closest(to: name, among: options.flatMap(\.names).filter { $0.hasPrefix("--") }) {
            message += "; did you mean '\(guess)'?"
        }
        return UsageError(message: message)
    }

    /// The line shown under a usage error (the whole help is `djs --help`).
    static let usageLine = "usage: djs [options] [FILE.djs | -e CODE | - | SUBCOMMAND] [args…]  (djs --help for more)\n"

    static let usage = """
        usage: djs [options] [FILE.djs [args…]]   run a script (standard input when piped)
               djs [options] -e CODE [args…]      run CODE (a final expression's value is shown)
               djs [options] - [args…]            run standard input
               djs [options]                      start the REPL (on a terminal)
               djs check FILE…                    report every syntax error, run nothing
               djs sim [--port N] [--jobs N] …    run the Devo job API simulator (djs sim --help)
               djs completion bash|zsh|fish       print a shell completion script
               djs journal [--all] [RUN]          list the journaled runs, or one run job by job
               djs resume [--dry-run] [RUN]       finish what a run left undone (default: the latest run)
               djs undo [--yes] [--dry-run] [RUN] reverse a run's stops and starts (default: the latest run)

        job subcommands (with the options below; ID - reads ids, or JSON lines with an "id", from stdin):
               djs jobs [--status S] [--type T] [--name REGEX] [--where EXPR]   list jobs (EXPR uses j)
               djs job ID…                        show jobs
               djs stop|start|remove ID…          act on jobs; exit 70 if any failed, each failure named

        options (--opt=value works too):
          --sim              run against an embedded simulator on a free loopback port (fresh credentials)
          --sim-jobs N       jobs the embedded simulator starts with (default 12)
          --sim-seed N       seed of the embedded simulator's jobs: the same ids, names and statuses each run
          --sim-speed X      simulated seconds per real second (default 3600; 0 stops job time, so
                             statuses stay as seeded once the CREATED jobs have started)
          -i, --interactive  start the REPL even when standard input is not a terminal; on a pipe
                             it shows no prompts, no color and keeps no history (for transcripts)
          --max-steps N      stop with an error after N loop iterations and calls
          --color, --no-color  force colored errors on or off (default: on for a terminal, unless NO_COLOR)
          -v, --verbose      log each HTTP request (method, path, status, latency, cid, attempt) to stderr

        jobs:
          -o, --format F     table (default), json, jsonl, csv or text: how print, table() and the REPL show values
          --wide             tables show every cell whole (by default they fit the terminal's width)
          --concurrency N    most requests a bulk stop/start/remove/refresh keeps in flight (1-256, default 256);
                             below it the pace adapts: it grows while the server keeps up, backs off on
                             429/503, Retry-After or rising latency
          --rate N           most requests a bulk call sends per second (default: no limit)
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
          --cacert FILE      verify Devo's certificate against these CA certificates (PEM)
          -h, --help         show this help
          --version          show the version

        exit codes: 0 success, 64 usage error, 65 syntax error, 70 runtime error, 74 standard output
        could not be written, 130 interrupted; exit(n) in a script ends with n.

        """
}

extension CommandLineOptions {
    /// Connection flags that cannot work are usage errors found at start, not runtime errors
    /// at the first job call: an address djs refuses, or a `--profile` the configuration
    /// cannot resolve (the profile was asked for by name, so its configuration is read now;
    /// without `--profile` it is still read only when a script first touches a job).
    func validateConnection() throws(UsageError) {
        guard !useSimulator else { return }
        if let address = connection.address {
            do {
                _ = try DevoEndpoint(address: address)
            } catch {
                throw UsageError(message: "--address: \(error)")
            }
        }
        if connection.profile != nil {
            do {
                _ = try DevoConfigurationResolver(flags: connection, environment: ProcessInfo.processInfo.environment).resolve()
            } catch {
                throw UsageError(message: "\(error)")
            }
        }
    }
}
