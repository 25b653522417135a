/// Destination constructors: `s3(bucket: "b", region: "eu-west-1", …)` and friends build the
/// `{"type": …, "params": {…}}` map that `query(dest:)` takes, with Devo's parameter names.
/// Devo's rules for the parameters (which are required, which go together) are checked by
/// the client before sending, with Devo's error codes; here only the shapes are converted.
extension Builtins {
    static var destinations: [Builtin] {
        [
            destination("s3", names: [
                "bucket": "aws.bucket", "region": "aws.region", "accessKey": "aws.accesskey", "secretKey": "aws.secretkey",
                "format": "format", "password": "file.password", "fileName": "s3.fileName",
            ]),
            destination("kafka", names: [
                "topic": "topic", "servers": "bootstrap.servers", "maxBytesPerCommit": "maxBytesPerCommit",
                "maxTimeWithoutCommit": "maxTimeWithoutCommit", "mode": "mode",
            ]),
            destination("hdfs", names: [
                "defaultFS": "fs.defaultFS", "replication": "dfs.replication", "file": "file",
            ]),
            destination("email", names: [
                "to": "email.to", "subject": "email.subject", "retentionSize": "retention.size",
                "retentionTime": "retention.time", "format": "format", "password": "file.password",
            ]),
            destination("redis", names: [
                "name": "friendlyName", "description": "description", "expireIn": "expireIn",
                "keyFields": "keyFields", "valueFields": "valueFields",
            ]),
            destination("donothing", names: ["name": "friendlyName"]),
            Builtin("destination", "destination(type, params): any destination, with Devo's own type and parameter names, for query(dest:)") { arguments in
                try arguments.expect(1...2)
                let type = try arguments.string(0, "the destination type")
                guard !type.isEmpty else { throw arguments.error("the destination type is empty") }
                var params = MapRef([])
                if arguments.count == 2 {
                    guard case .map(let given) = arguments[1] else { throw arguments.typeError(1, "a map", "params") }
                    params = given
                }
                return .map(MapRef([("type", .string(type)), ("params", .map(params))]))
            },
        ]
    }

    private static func destination(_ type: String, names: [String: String]) -> Builtin {
        let labels = names.keys.sorted()
        return Builtin(type, "\(type)(\(labels.map { "\($0):" }.joined(separator: " "))): a \(type) destination for query(dest:)") { arguments in
            try arguments.expect(0...0, named: Set(labels))
            var params: [(String, Value)] = []
            for argument in arguments.named {
                params.append((names[argument.label]!, try parameter(argument.label, argument.value, arguments)))
            }
            return .map(MapRef([("type", .string(type)), ("params", .map(MapRef(params)))]))
        }
    }

    /// One parameter in the form Devo takes.
    private static func parameter(_ label: String, _ value: Value, _ arguments: Arguments) throws -> Value {
        switch (label, value) {
        case ("keyFields", _), ("valueFields", _):
            // Devo takes a list of {"name": column, "type": type} objects; a column name
            // alone is a text column ("str").
            guard case .list(let list) = value else {
                throw arguments.error("\(label): must be a list of column names or {name:, type:} maps, got \(value.typeName)")
            }
            return .list(ListRef(try list.items.map { item in
                switch item {
                case .string(let column): return .map(MapRef([("name", .string(column)), ("type", .string("str"))]))
                case .map: return item
                default: throw arguments.error("\(label): each item must be a column name or a {name:, type:} map, got \(item.typeName)")
                }
            }))
        case ("servers", .list(let list)):
            // bootstrap.servers is one comma-separated text.
            return .string(list.items.map(\.displayText).joined(separator: ","))
        case (_, .duration(let ms)):
            // Devo counts these two in seconds, the rest (kafka's commit interval) in milliseconds.
            let inSeconds = label == "expireIn" || label == "retentionTime"
            return .int(inSeconds ? ms / 1000 : ms)
        default:
            return value
        }
    }
}
