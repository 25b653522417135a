/// The job built-ins: the language's side of Devo. They talk only to `Interpreter.jobService`
/// (the signed client, the simulator, a fake, or the dry-run wrapper).
extension Builtins {
    static var jobOperations: [Builtin] { [
        Builtin("jobs", "jobs(strict: false): every job of the domain, as job values; an entry that cannot be read is skipped with a warning (an error with strict: true)") { arguments in
            try arguments.expect(0...0, named: ["strict"])
            var strict = false
            if let flag = arguments.namedValue("strict") {
                guard case .bool(let value) = flag else { throw arguments.error("strict: must be true or false, got \(flag.typeName)") }
                strict = value
            }
            let service = try arguments.jobService()
            let listing = try service.listing()
            if !listing.skipped.isEmpty {
                let count = listing.skipped.count
                let summary = "\(count) entr\(count == 1 ? "y" : "ies") of the job listing could not be read"
                if strict { throw arguments.error(summary + ": " + listing.skipped.joined(separator: "; ")) }
                arguments.interpreter.jobOptions.warn("warning: jobs(): \(summary) and \(count == 1 ? "was" : "were") skipped: "
                    + listing.skipped.joined(separator: "; "))
            }
            return .list(ListRef(listing.jobs.map { .job(JobRef($0)) }))
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
        Builtin("wait", "wait(x, until: \"COMPLETED\", timeout: 10m, stable: 5s): polls a job (or every job of a list) until it reaches one of the statuses (and, for RUNNING and the other passing ones, stays there for stable:); an error names the ones that did not") { arguments in
            try arguments.expect(1...1, named: ["until", "timeout", "stable"])
            return try JobWaiting.wait(arguments)
        },
        Builtin("query", "query(text or queryId:, from:, to:, dest:, limit:, offset:, timeZone:, ipAsString:, comment:): launches a query job and returns it; from/to take times, durations ago, epoch seconds or Devo date text like \"today()\"") { arguments in
            try arguments.expect(0...1, named: QueryArguments.labels)
            let launch = try QueryArguments.launch(from: arguments)
            let service = try arguments.jobService()
            let id = try service.launch(launch)
            do {
                return .job(JobRef(try service.job(id: id)))
            } catch let failure as JobServiceError {
                // The job exists: say so, with its id, so that nobody launches it twice.
                var error = arguments.error("the job was launched (id \(id)) but reading it back failed: \(failure.message)",
                                            notes: ["do not launch it again: read it later with job(\"\(id)\")"])
                error.details = [("id", .string(id))]
                throw error
            }
        },
        Builtin("table", "table(rows, columns…): prints a list of jobs or maps as a table in the output format (--format); columns default to the job columns, or every key of the maps") { arguments in
            try arguments.expect(1...Int.max)
            let table = try TableArguments.table(from: arguments)
            let format = arguments.interpreter.outputFormat
            let text: String
            do throws(JSONError) {
                text = table.rows.isEmpty && format == .table ? "(no rows)" : try ValueRenderer.table(table, as: format, width: arguments.interpreter.tableWidth())
            } catch {
                throw arguments.error("cannot print the table as \(format.rawValue): \(error.message)")
            }
            if !text.isEmpty { arguments.interpreter.output.write(text + "\n") }
            try arguments.interpreter.output.check()
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
