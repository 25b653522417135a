/// Reads `query(…)`'s arguments into a `QueryLaunch`: the fields of Devo's query request.
enum QueryArguments {
    static let labels: Set<String> = ["from", "to", "dest", "queryId", "limit", "offset", "timeZone", "ipAsString", "comment"]

    static func launch(from arguments: Arguments) throws -> QueryLaunch {
        let queryId = try text(arguments, "queryId")
        switch (arguments.count, queryId) {
        case (0, nil): throw arguments.error("needs the query text, or queryId: the id of a query saved in Devo")
        case (1, _?): throw arguments.error("takes the query text or queryId:, not both")
        default: break
        }
        let text = arguments.count == 1 ? try arguments.string(0, "the query") : ""
        guard let fromValue = arguments.namedValue("from") else {
            throw arguments.error("needs from: (a time, a duration ago such as 1h, epoch seconds, or Devo date text such as \"today()\")")
        }
        let from = try time(fromValue, "from", arguments)
        let to = try arguments.namedValue("to").map { try time($0, "to", arguments) }
        guard case .map(let destination)? = arguments.namedValue("dest"),
              case .string(let type)? = destination["type"] else {
            throw arguments.error("needs dest: a destination such as s3(), donothing(name: \"test\") or destination(\"type\", {…})")
        }
        var parameters: [(name: String, value: Value)] = []
        if case .map(let params)? = destination["params"] {
            parameters = params.entries.map { ($0.0, $0.1) }
        }
        var launch = QueryLaunch(query: text, from: from, to: to, destinationType: type, destinationParameters: parameters)
        launch.queryId = queryId
        launch.limit = try count(arguments, "limit")
        launch.offset = try count(arguments, "offset")
        launch.timeZone = try self.text(arguments, "timeZone")
        launch.comment = try self.text(arguments, "comment")
        if let flag = arguments.namedValue("ipAsString") {
            guard case .bool(let value) = flag else { throw arguments.error("ipAsString: must be true or false, got \(flag.typeName)") }
            launch.ipAsString = value
        }
        return launch
    }

    /// djs times and durations become epoch seconds; text is Devo's date language, sent as it
    /// is ("today", "2d", "now()-2*day()", "2025-01-30 15:35:23").
    private static func time(_ value: Value, _ label: String, _ arguments: Arguments) throws -> QueryLaunch.QueryTime {
        switch value {
        case .time(let ms): return .epochSeconds(TimeFormat.floorDivide(ms, 1000))
        case .duration(let ago): return .epochSeconds(TimeFormat.floorDivide(Clock.nowMilliseconds() - ago, 1000))
        case .int(let seconds): return .epochSeconds(seconds)
        case .string(let text) where !text.isEmpty: return .text(text)
        default: throw arguments.error("\(label): must be a time, a duration, epoch seconds or Devo date text, got \(value.typeName)")
        }
    }

    private static func text(_ arguments: Arguments, _ label: String) throws -> String? {
        guard let value = arguments.namedValue(label) else { return nil }
        guard case .string(let text) = value, !text.isEmpty else {
            throw arguments.error("\(label): must be non-empty text, got \(value.typeName)")
        }
        return text
    }

    private static func count(_ arguments: Arguments, _ label: String) throws -> Int? {
        guard let value = arguments.namedValue(label) else { return nil }
        guard case .int(let number) = value, number >= 0 else {
            throw arguments.error("\(label): must be a whole number, 0 or more, got \(value.displayText)")
        }
        return number
    }
}
