/// A problem found in a program, as a value: what went wrong and where.
///
/// Syntax errors, name errors and runtime errors are all `Diagnostic`s, so that one renderer
/// prints every error the same way and tests can compare them directly.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Found before running: exit code 65.
        case syntax
        /// Raised while running: exit code 70.
        case runtime
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation
    /// Extra lines printed after the caret: hints, "did you mean", how to rewrite.
    public var notes: [String]
    /// For runtime errors inside functions: innermost call first.
    public var trace: [TraceEntry]
    /// True when the input simply stopped too early (an open block, parenthesis or string).
    /// A REPL asks for another line instead of reporting it.
    public var isIncompleteInput: Bool

    public init(_ kind: Kind, _ message: String, at location: SourceLocation, notes: [String] = [],
                trace: [TraceEntry] = [], isIncompleteInput: Bool = false) {
        self.kind = kind
        self.message = message
        self.location = location
        self.notes = notes
        self.trace = trace
        self.isIncompleteInput = isIncompleteInput
    }

    public var description: String { "\(location): error: \(message)" }
}

/// One step of a runtime call trace: the function that was running and where it was called.
public struct TraceEntry: Sendable, Equatable {
    public var function: String
    public var callSite: SourceLocation
    /// The input the call site is in, when it is not the one the error points into (in the
    /// REPL, a function loaded from a file called from a typed line).
    public var sourceName: String?

    public init(function: String, callSite: SourceLocation, sourceName: String? = nil) {
        self.function = function
        self.callSite = callSite
        self.sourceName = sourceName
    }
}
