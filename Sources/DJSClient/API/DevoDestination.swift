/// Where a job delivers its results: Devo's type name. The known types have constants;
/// any other name is sent as it is, for a destination Devo adds later.
public struct DevoDestinationType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let s3 = DevoDestinationType(rawValue: "s3")
    public static let kafka = DevoDestinationType(rawValue: "kafka")
    public static let hdfs = DevoDestinationType(rawValue: "hdfs")
    public static let email = DevoDestinationType(rawValue: "email")
    public static let redis = DevoDestinationType(rawValue: "redis")
    public static let donothing = DevoDestinationType(rawValue: "donothing")

    /// The types whose parameters the client checks before sending.
    public static let known: [DevoDestinationType] = [.s3, .kafka, .hdfs, .email, .redis, .donothing]

    public var description: String { rawValue }
}

/// A destination parameter value: text, numbers and booleans, and for redis's
/// `keyFields`/`valueFields` lists of `{"name": …, "type": …}` objects.
public indirect enum DevoParameterValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([DevoParameterValue])
    /// Members are written in sorted key order, so the body does not depend on dictionary order.
    case object([String: DevoParameterValue])

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
        case .list(let items): return .array(items.map(\.jsonNode))
        case .object(let members): return .object(members.keys.sorted().map { ($0, members[$0]!.jsonNode) })
        }
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A whole number, also when written as a digit string or a whole double.
    var wholeNumber: Int? {
        switch self {
        case .int(let number): return number
        case .double(let number) where number.rounded() == number && abs(number) < 1e15: return Int(number)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    var typeName: String {
        switch self {
        case .string: "text"
        case .int, .double: "a number"
        case .bool: "a bool"
        case .list: "a list"
        case .object: "an object"
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
