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

/// A list's storage. Reference semantics: `let b = a; push(b, 1)` changes `a` too.
public final class ListRef {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }

    deinit {
        if items.contains(where: \.isContainer) {
            let taken = items
            items = []
            Teardown.release(consume taken)
        }
    }
}

/// A map: string keys, kept in insertion order so output is predictable.
public final class MapRef {
    public private(set) var keys: [String] = []
    public private(set) var values: [Value] = []
    private var positions: [String: Int] = [:]

    public init() {}

    public init(_ entries: [(String, Value)]) {
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> Value? {
        get { positions[key].map { values[$0] } }
        set {
            if let position = positions[key] {
                if let newValue { values[position] = newValue } else { removeValue(at: position) }
            } else if let newValue {
                positions[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    private func removeValue(at position: Int) {
        positions[keys[position]] = nil
        keys.remove(at: position)
        values.remove(at: position)
        for index in position..<keys.count { positions[keys[index]] = index }
    }

    public var entries: Zip2Sequence<[String], [Value]> { zip(keys, values) }

    deinit {
        if values.contains(where: \.isContainer) { Teardown.release(takeValues()) }
    }

    /// Empties the map, handing its values to the caller (see `Teardown`).
    fileprivate func takeValues() -> [Value] {
        let taken = values
        keys = []
        values = []
        positions = [:]
        return taken
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

/// Releases nested lists and maps without recursion.
///
/// Swift frees a list by releasing its items, which frees an inner list by releasing its
/// items, and so on: a list nested a million deep (`b = [b]` in a loop, or a linked list of
/// maps) would overflow the stack when it is dropped. Instead, a dying container moves the
/// items of every inner container that it alone still references onto one work list, so each
/// of them dies empty, without recursing.
enum Teardown {
    /// `pending` must be the only reference to its array, or its elements would not be
    /// uniquely referenced; hence `consuming`.
    static func release(_ pending: consuming [Value]) {
        while !pending.isEmpty {
            var value = pending.removeLast()
            // `value` is overwritten before each uniqueness check so that the bound reference is
            // the only one this function holds (a `switch` would keep a copy of its subject).
            if case .list(var list) = value {
                value = .null
                if isKnownUniquelyReferenced(&list) {
                    pending += list.items
                    list.items = []
                }
            } else if case .map(var map) = value {
                value = .null
                if isKnownUniquelyReferenced(&map) { pending += map.takeValues() }
            }
        }
    }
}

public final class RangeRef {
    public let start: Int, end: Int, step: Int
    public init(start: Int, end: Int, step: Int) {
        self.start = start
        self.end = end
        self.step = step
    }

    /// Written so that no intermediate overflows: `range(0, 9223372036854775807, 9223372036854775807)`
    /// trapped in `end - start + step - 1`. The `range` built-in guarantees that the distance
    /// between start and end fits in an Int.
    public var count: Int {
        if step > 0 { return start < end ? (end - start - 1) / step + 1 : 0 }
        guard start > end else { return 0 }
        if step == .min { return 1 }
        return (start - end - 1) / -step + 1
    }

    public func element(_ index: Int) -> Int { start + index * step }
}

/// A user function together with the frame it was created in, which it can still read and
/// write (closures).
public final class Closure {
    public let declaration: FunctionDecl
    let captured: Frame?

    init(declaration: FunctionDecl, captured: Frame?) {
        self.declaration = declaration
        self.captured = captured
    }
}

/// The local variables of one function call (or of top-level code), addressed by slot.
final class Frame {
    var slots: [Value]
    let parent: Frame?

    init(slotCount: Int, parent: Frame?) {
        self.slots = [Value](repeating: .null, count: slotCount)
        self.parent = parent
    }
}

/// A function written in Swift.
public final class Builtin {
    public let name: String
    public let signature: String
    let body: (inout Arguments) throws -> Value

    public init(_ name: String, _ signature: String, _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
    }
}
