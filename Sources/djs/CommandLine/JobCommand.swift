import DJS
import DJSClient
import Foundation

/// `djs jobs|job|stop|start|remove …`: the everyday job work as subcommands. Each is a small
/// djs program run by the batch runner, so it has exactly the language's behaviour: the same
/// `--format`, `--dry-run`, `--concurrency`, bulk calls with per-job accounting and exit codes.
/// What the user typed reaches the program only as `args` (ids, the name pattern), never as
/// code, except `--where`, whose expression is code by design.
struct JobCommand: Equatable {
    enum Verb: String, CaseIterable {
        case jobs, job, stop, start, remove

        /// The options only this subcommand takes.
        var options: [CommandLineOption] { self == .jobs ? JobCommand.filterOptions : [] }
        var takesIds: Bool { self != .jobs }
    }

    var verb: Verb
    var ids: [String] = []
    /// `-` among the ids: read more from standard input.
    var idsFromStandardInput = false
    var statuses: [String] = []
    var types: [String] = []
    var namePattern: String?
    var whereExpression: String?

    static let destinationTypes = ["s3", "kafka", "hdfs", "email", "redis", "donothing"]

    static let filterOptions: [CommandLineOption] = [
        CommandLineOption(["--status"], "S", completion: .choices(JobFields.statuses), .filter { command, text throws(CommandLineOptions.UsageError) in
            for status in list(text.uppercased()) {
                guard JobFields.statuses.contains(status) else {
                    throw .init(message: "--status takes \(JobFields.statuses.joined(separator: ", ")) (or several, comma-separated), got '\(text)'")
                }
                command.statuses.append(status)
            }
        }),
        CommandLineOption(["--type"], "T", completion: .choices(destinationTypes), .filter { command, text throws(CommandLineOptions.UsageError) in
            for type in list(text.lowercased()) {
                guard destinationTypes.contains(type) else {
                    throw .init(message: "--type takes \(destinationTypes.joined(separator: ", ")) (or several, comma-separated), got '\(text)'")
                }
                command.types.append(type)
            }
        }),
        CommandLineOption(["--name"], "REGEX", .filter { command, text in command.namePattern = text }),
        CommandLineOption(["--where"], "EXPR", .filter { command, text in command.whereExpression = text }),
    ]

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func validate() throws(CommandLineOptions.UsageError) {
        if verb.takesIds, ids.isEmpty, !idsFromStandardInput {
            throw .init(message: "\(verb.rawValue) needs job ids (or - to read them from standard input)")
        }
        if !verb.takesIds, !ids.isEmpty || idsFromStandardInput {
            throw .init(message: "jobs takes no ids; did you mean 'djs job \(ids.first ?? "-")'?")
        }
    }

    /// The program and its `args`. The ids read from standard input are `input`'s lines: a
    /// bare id, or a JSON object with an "id" (a line of `djs jobs --format jsonl`).
    ///
    /// Jobs are shown with `table()` for people and csv (the job columns, "(no rows)" for none),
    /// and with `print` in json and jsonl, where a job is an object of all its fields.
    func program(input: String?, format: OutputFormat) throws(CommandLineOptions.UsageError) -> (code: String, arguments: [String]) {
        func show(_ jobs: String) -> String { format.isJSON ? "print(\(jobs))" : "table(\(jobs))" }
        switch verb {
        case .jobs:
            var conditions: [String] = []
            // Statuses and types were checked against fixed lists of plain words above.
            if !statuses.isEmpty { conditions.append("j.status in [" + statuses.map { "\"\($0)\"" }.joined(separator: ", ") + "]") }
            if !types.isEmpty { conditions.append("j.type in [" + types.map { "\"\($0)\"" }.joined(separator: ", ") + "]") }
            var arguments: [String] = []
            if let namePattern {
                arguments.append(namePattern)
                conditions.append("j.friendlyName != null and matches(j.friendlyName, args[0])")
            }
            // On a line of its own, so that an error in it shows the user's text.
            if let whereExpression { conditions.append("(\n\(whereExpression))") }
            let filter = conditions.isEmpty ? "" : " where " + conditions.joined(separator: " and ")
            return (show(conditions.isEmpty ? "jobs()" : "[for j in jobs()\(filter)]"), arguments)
        case .job:
            // One job prints as a record (an object in json), except in csv, which has rows.
            let ids = try allIds(input: input)
            if ids.count == 1 { return (format == .csv ? "table([job(args[0])])" : "print(job(args[0]))", ids) }
            return (show("refresh(args)"), ids)
        case .stop, .start, .remove:
            return (show("\(verb.rawValue)(args)"), try allIds(input: input))
        }
    }

    private func allIds(input: String?) throws(CommandLineOptions.UsageError) -> [String] {
        var all = ids
        guard idsFromStandardInput, let input else { return all }
        for (number, rawLine) in input.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard line.hasPrefix("{") else {
                all.append(line)
                continue
            }
            guard let object = try? JSONValue.parse(Array(line.utf8)), let id = object["id"]?.stringValue else {
                throw .init(message: "standard input line \(number + 1): expected a job id or a JSON object with a string \"id\"")
            }
            all.append(id)
        }
        return all
    }
}
