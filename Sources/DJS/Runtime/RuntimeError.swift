/// An error raised while a program runs: by the interpreter, a built-in, or `error("…")`.
///
/// It becomes a `Diagnostic` (kind `.runtime`) when it reaches the top, carrying the call
/// trace collected as it unwound through user functions.
///
/// `@unchecked Sendable`: `details` holds interpreter values, which are not thread-safe; a
/// runtime error never leaves the interpreter's thread as such (the runner turns it into a
/// `Diagnostic`, which is plain data, before anything else sees it).
public struct RuntimeError: Error, @unchecked Sendable {
    public var message: String
    public var location: SourceLocation
    public var notes: [String]
    public var trace: [TraceEntry] = []
    /// Extra data a `catch` block can read (for example per-job results of a bulk call).
    public var details: [(String, Value)] = []

    public init(_ message: String, at location: SourceLocation, notes: [String] = []) {
        self.message = message
        self.location = location
        self.notes = notes
    }

    public var diagnostic: Diagnostic {
        Diagnostic(.runtime, message, at: location, notes: notes, trace: trace)
    }
}

/// Not an error: `exit(code)` unwinding to the runner.
public struct ExitRequest: Error {
    public var code: Int32
}

/// Not an error: the user pressed Ctrl-C; the runner exits 130, the REPL returns to its prompt.
public struct Interrupted: Error {
    public var location: SourceLocation
    /// What was going on: a bulk call says what it did and what it did not.
    public var message = "interrupted"
    public var notes: [String] = []

    public init(location: SourceLocation, message: String = "interrupted", notes: [String] = []) {
        self.location = location
        self.message = message
        self.notes = notes
    }

    public var diagnostic: Diagnostic {
        Diagnostic(.runtime, message, at: location, notes: notes)
    }
}

/// The errors both engines (the register machine and the closure compiler it falls back on)
/// give for the same mistakes, worded once.
extension RuntimeError {
    /// A condition, or an operand of `and`/`or`, that is not a bool.
    static func notABool(_ value: Value, in test: TruthTest, at location: SourceLocation) -> RuntimeError {
        switch test {
        case .condition:
            RuntimeError("a condition must be true or false, got \(value.typeName)", at: location,
                         notes: ["compare explicitly, e.g. 'len(xs) > 0' or 'x != null'"])
        case .and:
            RuntimeError("'and' needs true or false on both sides, got \(value.typeName)", at: location)
        case .or:
            RuntimeError("'or' needs true or false on both sides, got \(value.typeName)", at: location)
        }
    }

    /// `x.name = v` where x is not a map.
    static func cannotSetField(_ name: String, on value: Value, at location: SourceLocation) -> RuntimeError {
        RuntimeError("cannot set field '\(name)' on \(value.typeName)", at: location)
    }

    /// A `for` loop or comprehension over something that has no elements.
    static func cannotIterate(over value: Value, at location: SourceLocation) -> RuntimeError {
        RuntimeError("cannot iterate over \(value.typeName)", at: location,
                     notes: ["a for loop goes over a list, a map's keys, a string or a range"])
    }
}
