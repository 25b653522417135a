/// A djs value. Integers, floats, booleans, times and durations are stored inline (no boxing);
/// lists and maps are shared, mutable references, as in Python or JavaScript.
public enum Value {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// An instant, in milliseconds since 1970-01-01T00:00:00Z.
    case time(Int)
    /// A length of time, in milliseconds.
    case duration(Int)
    case list(ListRef)
    case map(MapRef)
    /// `range(a, b, step)`: iterated lazily, so `for i in range(5000000)` allocates nothing.
    case range(RangeRef)
    case function(Closure)
    case builtin(Builtin)
    /// A Devo job (see `JobService`).
    case job(JobRef)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The name a person would use for this value's type in an error message.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .time: "time"
        case .duration: "duration"
        case .list: "list"
        case .map: "map"
        case .range: "range"
        case .function, .builtin: "function"
        case .job: "job"
        }
    }
}

extension Value {
    /// Whether this value is a list or a map, which may hold further values.
    var isContainer: Bool {
        switch self {
        case .list, .map: true
        default: false
        }
    }
}
