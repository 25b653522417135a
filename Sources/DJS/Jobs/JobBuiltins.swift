/// The job built-ins: the language's side of Devo. They talk only to `Interpreter.jobService`
/// (the signed client, the simulator, a fake, or the dry-run wrapper).
extension Builtins {
    static var jobOperations: [Builtin] { [
        Builtin("jobs", "jobs(): every job of the domain, as job values") { arguments in
            try arguments.expect(0...0)
            let service = try arguments.jobService()
            return .list(ListRef(try service.listJobs().map { .job(JobRef($0)) }))
        },
        Builtin("job", "job(id): one job, read from Devo") { arguments in
            try arguments.expect(1...1)
            let service = try arguments.jobService()
            let id = try arguments.string(0, "the job id")
            return .job(JobRef(try service.job(id: id)))
        },
        Builtin("refresh", "refresh(x): the job (or each job of a list) read again") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(.refresh, arguments)
        },
        Builtin("stop", "stop(x): stops a job, a job id, or every job of a list (concurrently); returns the job(s) after the action") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(.stop, arguments)
        },
        Builtin("start", "start(x): starts (resumes) a job, a job id, or every job of a list (concurrently)") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(.start, arguments)
        },
        Builtin("remove", "remove(x): removes a job, a job id, or every job of a list (concurrently)") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(.remove, arguments)
        },
        Builtin("wait", "wait(x, until: \"COMPLETED\", timeout: 10m): polls a job (or every job of a list) until it reaches one of the statuses; an error names the ones that did not") { arguments in
            try arguments.expect(1...1, named: ["until", "timeout"])
            return try JobWaiting.wait(arguments)
        },
        Builtin("query", "query(text, from:, to:, dest:): launches a query job and returns it; from/to take times, durations ago, epoch seconds or Devo text like \"1d\"") { arguments in
            try arguments.expect(1...1, named: ["from", "to", "dest"])
            let launch = try QueryArguments.launch(from: arguments)
            let service = try arguments.jobService()
            let id = try service.launch(launch)
            return .job(JobRef(try service.job(id: id)))
        },
        Builtin("table", "table(rows, columns…): prints a list of jobs or maps as a table in the output format (--format); columns default to the job columns, or every key of the maps") { arguments in
            try arguments.expect(1...Int.max)
            let table = try TableArguments.table(from: arguments)
            let format = arguments.interpreter.outputFormat
            let text: String
            do throws(JSONError) {
                text = table.rows.isEmpty && format == .table ? "(no rows)" : try ValueRenderer.table(table, as: format)
            } catch {
                throw arguments.error("cannot print the table as \(format.rawValue): \(error.message)")
            }
            if !text.isEmpty { arguments.interpreter.output.write(text + "\n") }
            return .null
        },
    ] }
}

extension Arguments {
    func jobService() throws -> JobService {
        guard let service = interpreter.jobService else {
            throw error("no Devo connection is configured",
                        notes: ["run with --sim for the built-in simulator, or give --address and credentials (see djs --help)"])
        }
        return service
    }

    func error(_ message: String, notes: [String]) -> RuntimeError {
        RuntimeError("\(function)(): \(message)", at: location, notes: notes)
    }
}

/// Reads `table()`'s arguments: rows (a list of jobs or of maps, or one of either) and the
/// column names (strings, or one list of strings).
enum TableArguments {
    static func table(from arguments: Arguments) throws -> Table {
        var columns: [String]?
        if arguments.count > 1 {
            var names: [Value] = Array(arguments.positional.dropFirst())
            if names.count == 1, case .list(let list) = names[0] { names = list.items }
            columns = try names.map { name in
                guard case .string(let text) = name else {
                    throw arguments.error("column names must be strings, got \(name.typeName)")
                }
                return text
            }
        }
        let rows: [Value]
        switch arguments[0] {
        case .list(let list): rows = list.items
        case .job, .map: rows = [arguments[0]]
        default: throw arguments.typeError(0, "a list of jobs or maps", "rows")
        }
        if rows.isEmpty { return Table(columns: columns ?? [], rows: []) }
        if let jobs = ValueRenderer.jobList(.list(ListRef(rows))) {
            return try Table.jobs(jobs, columns: columns ?? Table.jobColumns, at: arguments.location)
        }
        if let maps = ValueRenderer.mapList(rows) {
            return Table.maps(maps, columns: columns)
        }
        throw arguments.error("rows must be all jobs or all maps",
                              notes: ["found " + Set(rows.map(\.typeName)).sorted().joined(separator: " and ")])
    }
}
