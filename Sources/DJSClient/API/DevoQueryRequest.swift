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

/// The body of `POST /search/query` (devo-api.md §4).
///
/// The JSON is written compactly with keys in the official Python SDK's order —
/// `from, to, mode, timeZone, query, queryId, limit, offset, destination, ipAsString` —
/// leaving out what is not set, so the bytes are predictable. The client signs exactly
/// these bytes. Given pragmas, the query text ends with Devo's audit pragmas, as the SDK
/// writes them (a saved query, `queryId`, has no text to add them to).
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
    /// Sent only when true, as the SDK does: IP addresses come back as text.
    public var ipAsString = false
    /// This query's `comment.free` audit pragma; nil keeps the configuration's comment.
    public var comment: String?

    public init(source: Source, from: DevoQueryTime, to: DevoQueryTime? = nil, mode: String? = nil,
                timeZone: String? = nil, limit: Int? = nil, offset: Int? = nil, destination: DevoDestination? = nil,
                ipAsString: Bool = false, comment: String? = nil) {
        self.ipAsString = ipAsString
        self.comment = comment
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
        if let timeZone, timeZone.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("timeZone is empty") }
        for (name, value) in destination?.params ?? [:] {
            if case .double(let number) = value, !number.isFinite {
                problems.append("destination parameter '\(name)' is not a finite number")
            }
        }
        if let destination { problems += DestinationRules.problems(destination).map(\.description) }
        return problems
    }

    /// The exact body bytes to sign and send; with `pragmas` (the client passes its
    /// configuration's), the query text ends with them, this request's comment taking the
    /// place of theirs.
    public func jsonBody(pragmas: DevoQueryPragmas? = nil) -> [UInt8] {
        var pragmas = pragmas
        if let comment { pragmas?.comment = comment }
        var members: [(String, JSONWriter.Node)] = [("from", from.jsonNode)]
        if let to { members.append(("to", to.jsonNode)) }
        if let mode { members.append(("mode", .object([("type", .string(mode))]))) }
        if let timeZone { members.append(("timeZone", .string(timeZone))) }
        switch source {
        case .query(let text): members.append(("query", .string(text + (pragmas?.text ?? ""))))
        case .queryId(let id): members.append(("queryId", .string(id)))
        }
        if let limit { members.append(("limit", .int(limit))) }
        if let offset { members.append(("offset", .int(offset))) }
        if let destination { members.append(("destination", destination.jsonNode)) }
        if ipAsString { members.append(("ipAsString", .bool(true))) }
        return JSONWriter.bytes(.object(members))
    }
}

/// Devo's audit pragmas, which the official SDK appends to every query's text:
/// ` pragma comment.id:"<application>" pragma comment.user:"<user>"`, then
/// ` pragma comment.free:"<comment>"` when there is a comment.
///
/// The SDK writes the values as they are; here a `"` or `\` in them is escaped, so that a
/// comment cannot end the pragma early and change the query.
public struct DevoQueryPragmas: Sendable, Equatable {
    /// What djs sends as `comment.id` (the SDK sends "python-sdk-app").
    public static let defaultApplication = "djs"
    /// What djs sends as `comment.user` when `DEVO_API_USER` is not set (the SDK: "python-sdk-user").
    public static let defaultUser = "djs-user"

    public var application: String
    public var user: String
    public var comment: String?

    public init(application: String = DevoQueryPragmas.defaultApplication, user: String = DevoQueryPragmas.defaultUser,
                comment: String? = nil) {
        self.application = application
        self.user = user
        self.comment = comment
    }

    /// djs's pragmas with the SDK's variables: `DEVO_API_USER` for the user, `DEVO_API_COMMENT`
    /// for the comment (empty values count as unset).
    public init(environment: [String: String]) {
        self.init(user: nonEmpty(environment[EnvironmentVariable.user]) ?? DevoQueryPragmas.defaultUser,
                  comment: nonEmpty(environment[EnvironmentVariable.comment]))
    }

    /// The text appended to the query, starting with a space.
    public var text: String {
        var text = " pragma comment.id:\(quoted(application)) pragma comment.user:\(quoted(user))"
        if let comment, !comment.isEmpty { text += " pragma comment.free:\(quoted(comment))" }
        return text
    }

    private func quoted(_ value: String) -> String {
        var escaped = "\""
        for character in value {
            switch character {
            case "\"", "\\": escaped += "\\\(character)"
            case "\n", "\r", "\r\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
