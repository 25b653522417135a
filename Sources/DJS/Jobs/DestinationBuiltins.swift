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
