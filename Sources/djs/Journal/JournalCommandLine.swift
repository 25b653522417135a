import DJS
import DJSJobs
import Foundation

/// `djs journal [--all] [RUN]`, `djs resume [RUN]` and `djs undo [RUN]`: the command line's
/// way into the journal of changes. They take the same options as a script run (connection,
/// `--format`, `--concurrency`, `--dry-run`, `--yes`), and a run id (or a unique prefix of
/// one) where a script run takes its file.
struct JournalCommandLine: Equatable {
    enum Command: String {
        case journal, resume, undo
    }

    var command: Command
    /// The run named on the command line; nil means the most recent run (for `journal`: all).
    var run: String?
    /// `djs journal --all`: every run, not only the most recent ones.
    var all = false

    /// The options of `djs NAME ARGUMENTS…`, whose mode is this command.
    static func parse(_ name: String, _ arguments: [String]) throws(CommandLineOptions.UsageError) -> CommandLineOptions {
        guard let command = Command(rawValue: name) else { throw .init(message: "unknown command '\(name)'") }
        var rest = arguments
        let all = command == .journal && rest.contains("--all")
        rest.removeAll { $0 == "--all" && command == .journal }
        var options = try CommandLineOptions.parse(rest)
        var run: String?
        if case .file(let id) = options.mode {
            // The run id may come before options (`djs journal RUN --format json`): the
            // parser takes what follows its first operand as script arguments, so read those
            // again as options.
            run = id
            if !options.scriptArguments.isEmpty {
                rest.remove(at: rest.count - options.scriptArguments.count - 1)
                options = try CommandLineOptions.parse(rest)
                if case .file(let second) = options.mode {
                    throw .init(message: "\(name) takes one run id, got '\(id)' and '\(second)'")
                }
            }
        }
        switch options.mode {
        case .help, .version:
            return options
        case .automatic, .file:
            break
        default:
            throw .init(message: "\(name) takes options and a run id")
        }
        if options.useSimulator, command != .journal {
            throw .init(message: "\(name) acts on the Devo a run changed; --sim would start a new, empty simulator")
        }
        options.mode = .journal(JournalCommandLine(command: command, run: run, all: all))
        return options
    }

    func run(_ options: CommandLineOptions) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        guard let directory = JournalDirectory(environment: environment) else {
            StandardStreams.writeError("djs \(command.rawValue): error: neither XDG_STATE_HOME nor HOME is set: there is no journal\n")
            return ProgramRunner.ExitCode.usage
        }
        switch command {
        case .journal: return JournalListing(directory: directory, options: options, command: self).run()
        case .resume:
            return ResumeCommand(context: FollowUpRun(name: "resume", directory: directory, options: options), runName: run).run()
        case .undo:
            return UndoCommand(context: FollowUpRun(name: "undo", directory: directory, options: options), runName: run).run()
        }
    }
}
