import Foundation

/// A point in time for a query's `from`/`to`: epoch seconds, or a string Devo interprets
/// itself (`"now"`, `"1d"`, `"today"`…), passed through unchanged (devo-api.md §4).
public enum DevoQueryTime: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case epochSeconds(Int)
    case expression(String)

    public init(integerLiteral value: Int) { self = .epochSeconds(value) }
    public init(stringLiteral value: String) { self = .expression(value) }

    var jsonNode: JSONWriter.Node {
        switch self {
        case .epochSeconds(let seconds): return .int(seconds)
        case .expression(let text): return .string(text)
        }
    }
}

/// Where a job delivers its results.
public enum DevoDestinationType: String, Sendable, CaseIterable {
    case s3, kafka, hdfs, email, redis, donothing
}

/// A destination parameter value: Devo's params are strings, numbers or booleans.
public enum DevoParameterValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    var jsonNode: JSONWriter.Node {
        switch self {
        case .string(let text): return .string(text)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .bool(let flag): return .bool(flag)
        }
    }
}

/// `{"type": …, "params": {…}}`. Params are written in sorted key order so that the body,
/// and therefore its signature, does not depend on dictionary order.
public struct DevoDestination: Sendable, Equatable {
    public var type: DevoDestinationType
    public var params: [String: DevoParameterValue]

    public init(type: DevoDestinationType, params: [String: DevoParameterValue] = [:]) {
        self.type = type
        self.params = params
    }

    var jsonNode: JSONWriter.Node {
        let sortedParams = params.keys.sorted().map { ($0, params[$0]!.jsonNode) }
        return .object([("type", .string(type.rawValue)), ("params", .object(sortedParams))])
    }
}

/// The body of `POST /search/query` (devo-api.md §4).
///
/// The JSON is written compactly with keys in the official Python SDK's order —
/// `from, to, mode, timeZone, query, queryId, limit, offset, destination` — leaving out
/// what is not set, so the bytes are predictable. The client signs exactly these bytes.
public struct DevoQueryRequest: Sendable, Equatable {
    /// A LINQ query, or the id of a saved query: the API needs exactly one of them.
    public enum Source: Sendable, Equatable {
        case query(String)
        case queryId(String)
    }

    public var source: Source
    public var from: DevoQueryTime
    /// Leave nil for a continuous query (which never reaches COMPLETED).
    public var to: DevoQueryTime?
    /// The response format, sent as `"mode": {"type": mode}`; not needed with a destination.
    public var mode: String?
    public var timeZone: String?
    public var limit: Int?
    public var offset: Int?
    /// Where results go. Required by `DevoClient.launch`: only a query with a destination
    /// becomes a job.
    public var destination: DevoDestination?

    public init(source: Source, from: DevoQueryTime, to: DevoQueryTime? = nil, mode: String? = nil,
                timeZone: String? = nil, limit: Int? = nil, offset: Int? = nil, destination: DevoDestination? = nil) {
        self.source = source
        self.from = from
        self.to = to
        self.mode = mode
        self.timeZone = timeZone
        self.limit = limit
        self.offset = offset
        self.destination = destination
    }

    /// Convenience for the common case of a LINQ query.
    public init(query: String, from: DevoQueryTime, to: DevoQueryTime? = nil, destination: DevoDestination? = nil) {
        self.init(source: .query(query), from: from, to: to, destination: destination)
    }

    /// Problems the server would reject, found before sending. Empty when the request is fine.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        switch source {
        case .query(let text) where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            problems.append("the query is empty")
        case .queryId(let id) where id.isEmpty:
            problems.append("the queryId is empty")
        default: break
        }
        if let limit, limit < 0 { problems.append("limit must not be negative (got \(limit))") }
        if let offset, offset < 0 { problems.append("offset must not be negative (got \(offset))") }
        for (name, value) in destination?.params ?? [:] {
            if case .double(let number) = value, !number.isFinite {
                problems.append("destination parameter '\(name)' is not a finite number")
            }
        }
        return problems
    }

    /// The exact body bytes to sign and send.
    public func jsonBody() -> [UInt8] {
        var members: [(String, JSONWriter.Node)] = [("from", from.jsonNode)]
        if let to { members.append(("to", to.jsonNode)) }
        if let mode { members.append(("mode", .object([("type", .string(mode))]))) }
        if let timeZone { members.append(("timeZone", .string(timeZone))) }
        switch source {
        case .query(let text): members.append(("query", .string(text)))
        case .queryId(let id): members.append(("queryId", .string(id)))
        }
        if let limit { members.append(("limit", .int(limit))) }
        if let offset { members.append(("offset", .int(offset))) }
        if let destination { members.append(("destination", destination.jsonNode)) }
        return JSONWriter.bytes(.object(members))
    }
}
