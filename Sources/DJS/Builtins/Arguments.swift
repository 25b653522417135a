/// The arguments of one call to a built-in, with helpers that check them and produce
/// errors that name the built-in and the argument.
public struct Arguments {
    public let function: String
    public var positional: [Value]
    public var named: [(label: String, value: Value, location: SourceLocation)]
    public let location: SourceLocation
    public let interpreter: Interpreter

    public var count: Int { positional.count }

    public func error(_ message: String) -> RuntimeError {
        RuntimeError("\(function)(): \(message)", at: location)
    }

    /// Checks the number of positional arguments and that every named one is known.
    public func expect(_ range: ClosedRange<Int>, named allowed: Set<String> = []) throws {
        if !range.contains(positional.count) {
            let wanted = range.lowerBound == range.upperBound ? "\(range.lowerBound)" :
                (range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)")
            throw error("expects \(wanted) argument\(wanted == "1" ? "" : "s"), got \(positional.count)")
        }
        for argument in named where !allowed.contains(argument.label) {
            let known = allowed.isEmpty ? "it takes no named arguments" : "known: " + allowed.sorted().joined(separator: ", ")
            throw RuntimeError("\(function)(): unknown named argument '\(argument.label)'", at: argument.location,
                               notes: [known])
        }
    }

    public func namedValue(_ label: String) -> Value? {
        named.first(where: { $0.label == label })?.value
    }

    public subscript(index: Int) -> Value { positional[index] }

    public func string(_ index: Int, _ what: String = "argument") throws -> String {
        guard case .string(let text) = positional[index] else { throw typeError(index, "a string", what) }
        return text
    }

    public func int(_ index: Int, _ what: String = "argument") throws -> Int {
        guard case .int(let number) = positional[index] else { throw typeError(index, "an int", what) }
        return number
    }

    /// The longest range a built-in turns into a list (about 240 MB of values).
    static let maximumRangeList = 10_000_000

    public func list(_ index: Int, _ what: String = "argument") throws -> [Value] {
        switch positional[index] {
        case .list(let list): return list.items
        case .range(let range):
            // Built-ins need the numbers as a list; sum(range(1000000000000)) aborted trying
            // to allocate 24 TB. Past this size a loop is the way (and --max-steps bounds it).
            guard range.count <= Arguments.maximumRangeList else {
                throw error("\(what) is a range of \(range.count) numbers, more than the \(Arguments.maximumRangeList) "
                    + "a built-in takes; use a for loop over it instead")
            }
            return (0..<range.count).map { .int(range.element($0)) }
        default: throw typeError(index, "a list", what)
        }
    }

    public func typeError(_ index: Int, _ expected: String, _ what: String = "argument") -> RuntimeError {
        let ordinal = positional.count > 1 ? " \(index + 1)" : ""
        return error("\(what)\(what == "argument" ? ordinal : "") must be \(expected), got \(positional[index].typeName)")
    }

    /// A function value (user-defined or built-in) given as an argument.
    public func function(_ index: Int, _ what: String = "argument") throws -> Value {
        switch positional[index] {
        case .function, .builtin: return positional[index]
        default: throw typeError(index, "a function", what)
        }
    }

    /// Calls a function value given as an argument (a key function, a predicate).
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try interpreter.call(function, arguments, named: [], at: location)
    }

    /// The same with one argument, the usual case, without an argument array.
    public func call(_ function: Value, _ argument: Value) throws -> Value {
        try interpreter.call(function, argument, at: location)
    }
}
