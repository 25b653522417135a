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
