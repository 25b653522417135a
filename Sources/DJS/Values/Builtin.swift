/// A function written in Swift.
public final class Builtin {
    public let name: String
    public let signature: String
    let body: (inout Arguments) throws -> Value
    /// Optional fast paths for a call with exactly one, two or three positional arguments
    /// (`str(n)`, `push(xs, x)`, `get(m, k, 0)` in a loop): they take the arguments as they
    /// are, without the `Arguments` and its array, and answer nil to leave the call to `body`,
    /// which also words every error.
    let oneArgument: ((Value) -> Value?)?
    let twoArguments: ((Value, Value) -> Value?)?
    let threeArguments: ((Value, Value, Value) -> Value?)?

    public init(_ name: String, _ signature: String, _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
        self.oneArgument = nil
        self.twoArguments = nil
        self.threeArguments = nil
    }

    init(_ name: String, _ signature: String,
         oneArgument: ((Value) -> Value?)? = nil,
         twoArguments: ((Value, Value) -> Value?)? = nil,
         threeArguments: ((Value, Value, Value) -> Value?)? = nil,
         _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
        self.oneArgument = oneArgument
        self.twoArguments = twoArguments
        self.threeArguments = threeArguments
    }
}
