/// A function written in Swift.
public final class Builtin {
    public let name: String
    public let signature: String
    let body: (inout Arguments) throws -> Value
    /// An optional fast path for a call with exactly two positional arguments (`push(xs, x)`
    /// in a loop): it takes them as they are, without the `Arguments` and its array, and
    /// answers nil to leave the call to `body`, which also words every error.
    let twoArguments: ((Value, Value) -> Value?)?

    public init(_ name: String, _ signature: String, _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
        self.twoArguments = nil
    }

    init(_ name: String, _ signature: String, twoArguments: @escaping (Value, Value) -> Value?,
         _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.body = body
        self.twoArguments = twoArguments
    }
}
