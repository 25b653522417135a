/// The job built-ins: the language's side of Devo. They talk only to `Interpreter.jobService`
/// (the signed client, the simulator, a fake, or a dry-run wrapper).
extension Builtins {
    static var jobOperations: [Builtin] { [
        Builtin("jobs", "jobs(): every job of the domain, as job values") { arguments in
            try arguments.expect(0...0)
            return .list(ListRef(try arguments.jobService().listJobs().map { .job(JobRef($0)) }))
        },
        Builtin("job", "job(id): one job, read from Devo") { arguments in
            try arguments.expect(1...1)
            return .job(JobRef(try arguments.jobService().job(id: try arguments.string(0, "the job id"))))
        },
        Builtin("refresh", "refresh(j): the job (or each job of a list) read again") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(arguments, verb: "refresh") { service, id in try service.job(id: id) }
        },
        Builtin("stop", "stop(x): stops a job, a job id, or every job of a list; returns the job(s) after the action") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(arguments, verb: "stop") { service, id in try service.stop(id: id) }
        },
        Builtin("start", "start(x): starts (resumes) a job, a job id, or every job of a list") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(arguments, verb: "start") { service, id in try service.start(id: id) }
        },
        Builtin("remove", "remove(x): removes a job, a job id, or every job of a list") { arguments in
            try arguments.expect(1...1)
            return try JobActions.apply(arguments, verb: "remove") { service, id in try service.remove(id: id) }
        },
        Builtin("query", "query(text, from:, to:, dest:): launches a query job and returns it; from/to take times, durations ago, epoch seconds or Devo text like \"1d\"") { arguments in
            try arguments.expect(1...1, named: ["from", "to", "dest"])
            let launch = try QueryArguments.launch(from: arguments)
            let service = try arguments.jobService()
            let id = try service.launch(launch)
            return .job(JobRef(try service.job(id: id)))
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

/// stop/start/remove/refresh over one job or a list of them.
enum JobActions {
    /// The ids named by a job, an id string, or a list of those.
    static func targets(_ value: Value, _ arguments: Arguments) throws -> (ids: [String], isList: Bool) {
        func id(_ item: Value) throws -> String {
            switch item {
            case .job(let job): return job.record.id
            case .string(let id): return id
            default: throw arguments.error("expects a job, a job id or a list of them, got \(item.typeName)")
            }
        }
        if case .list(let list) = value { return (try list.items.map(id), true) }
        return ([try id(value)], false)
    }

    static func apply(_ arguments: Arguments, verb: String,
                      _ action: (JobService, String) throws -> JobRecord) throws -> Value {
        let service = try arguments.jobService()
        let (ids, isList) = try targets(arguments[0], arguments)
        if !isList {
            return .job(JobRef(try action(service, ids[0])))
        }
        // Every job is attempted; failures are collected and reported together at the end.
        var results: [Value] = []
        var failures: [(id: String, message: String)] = []
        for id in ids {
            if arguments.interpreter.interrupt.isRaised {
                failures.append((id, "not attempted: interrupted"))
                continue
            }
            do {
                results.append(.job(JobRef(try action(service, id))))
            } catch let error as JobServiceError {
                failures.append((id, error.message))
            }
        }
        guard failures.isEmpty else {
            var error = RuntimeError("\(verb)(): \(failures.count) of \(ids.count) jobs failed", at: arguments.location,
                                     notes: failures.prefix(10).map { "\($0.id): \($0.message)" }
                                         + (failures.count > 10 ? ["… and \(failures.count - 10) more"] : []))
            error.details = [
                ("failed", .list(ListRef(failures.map { .map(MapRef([("id", .string($0.id)), ("error", .string($0.message))])) }))),
                ("succeeded", .list(ListRef(results))),
            ]
            throw error
        }
        return .list(ListRef(results))
    }
}

/// Reads `query(…)`'s arguments into a `QueryLaunch`.
enum QueryArguments {
    static func launch(from arguments: Arguments) throws -> QueryLaunch {
        let text = try arguments.string(0, "the query")
        guard let fromValue = arguments.namedValue("from") else {
            throw arguments.error("needs from: (a time, a duration ago such as 1h, or epoch seconds)")
        }
        let from = try time(fromValue, "from", arguments)
        let to = try arguments.namedValue("to").map { try time($0, "to", arguments) }
        guard case .map(let destination)? = arguments.namedValue("dest"),
              case .string(let type)? = destination["type"] else {
            throw arguments.error("needs dest: a destination such as s3(bucket: \"b\", region: \"eu-west-1\") or donothing(name: \"test\")")
        }
        var parameters: [(name: String, value: Value)] = []
        if case .map(let params)? = destination["params"] {
            parameters = params.entries.map { ($0.0, $0.1) }
        }
        return QueryLaunch(query: text, from: from, to: to, destinationType: type, destinationParameters: parameters)
    }

    private static func time(_ value: Value, _ label: String, _ arguments: Arguments) throws -> QueryLaunch.QueryTime {
        switch value {
        case .time(let ms): return .epochSeconds(TimeFormat.floorDivide(ms, 1000))
        case .duration(let ago): return .epochSeconds(TimeFormat.floorDivide(Clock.nowMilliseconds() - ago, 1000))
        case .int(let seconds): return .epochSeconds(seconds)
        case .string(let text): return .text(text)
        default: throw arguments.error("\(label): must be a time, a duration, epoch seconds or text, got \(value.typeName)")
        }
    }

}

/// Destination constructors: `s3(bucket: "b", region: "eu-west-1")` and friends build the
/// `{"type": …, "params": {…}}` map that `query(dest:)` takes, with Devo's parameter names.
extension Builtins {
    static var destinations: [Builtin] {
        [
            destination("s3", required: ["bucket", "region"], names: [
                "bucket": "aws.bucket", "region": "aws.region", "accessKey": "aws.accesskey", "secretKey": "aws.secretkey",
                "format": "format", "password": "file.password", "fileName": "s3.fileName",
            ]),
            destination("kafka", required: ["topic", "servers"], names: [
                "topic": "topic", "servers": "bootstrap.servers", "maxBytesPerCommit": "maxBytesPerCommit",
                "maxTimeWithoutCommit": "maxTimeWithoutCommit", "mode": "mode",
            ]),
            destination("hdfs", required: ["defaultFS", "file"], names: [
                "defaultFS": "fs.defaultFS", "replication": "dfs.replication", "file": "file",
            ]),
            destination("email", required: ["to"], names: [
                "to": "email.to", "subject": "email.subject", "retentionSize": "retention.size",
                "retentionTime": "retention.time", "format": "format", "password": "file.password",
            ]),
            destination("redis", required: ["name", "keyFields"], names: [
                "name": "friendlyName", "description": "description", "expireIn": "expireIn",
                "keyFields": "keyFields", "valueFields": "valueFields",
            ]),
            destination("donothing", required: [], names: ["name": "friendlyName"]),
        ]
    }

    private static func destination(_ type: String, required: [String], names: [String: String]) -> Builtin {
        let labels = names.keys.sorted()
        return Builtin(type, "\(type)(\(labels.map { "\($0):" }.joined(separator: " "))): a \(type) destination for query(dest:)") { arguments in
            try arguments.expect(0...0, named: Set(labels))
            for label in required where arguments.namedValue(label) == nil {
                throw arguments.error("needs \(label):")
            }
            var params: [(String, Value)] = []
            for argument in arguments.named {
                // The API takes comma-separated text where djs lets you write a list.
                if case .list(let list) = argument.value {
                    params.append((names[argument.label]!, .string(list.items.map(\.displayText).joined(separator: ","))))
                } else if case .duration(let ms) = argument.value {
                    // Devo counts these two in seconds, the rest (kafka's commit interval) in milliseconds.
                    let inSeconds = argument.label == "expireIn" || argument.label == "retentionTime"
                    params.append((names[argument.label]!, .int(inSeconds ? ms / 1000 : ms)))
                } else {
                    params.append((names[argument.label]!, argument.value))
                }
            }
            return .map(MapRef([("type", .string(type)), ("params", .map(MapRef(params)))]))
        }
    }
}
