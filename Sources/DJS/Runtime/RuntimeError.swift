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
