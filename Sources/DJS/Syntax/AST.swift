/// The syntax tree. The parser builds it with variables as `.name`; the `Resolver` then
/// rewrites every variable into a slot (`.local`, `.captured`, `.global`) so that the
/// interpreter never looks a name up in a dictionary while running.
public indirect enum Expr {
    case literal(Value, SourceLocation)
    /// A string with `${…}` interpolations: text pieces and expressions, in order.
    case interpolated([InterpolationPart], SourceLocation)
    case name(String, SourceLocation)
    case local(slot: Int, SourceLocation)
    /// A variable of an enclosing function: `depth` frames up the closure chain.
    case captured(depth: Int, slot: Int, SourceLocation)
    case global(slot: Int, SourceLocation)
    case list([Expr], SourceLocation)
    case map([(key: Expr, value: Expr)], SourceLocation)
    case unary(UnaryOperator, Expr, SourceLocation)
    case binary(BinaryOperator, Expr, Expr, SourceLocation)
    case and(Expr, Expr, SourceLocation)
    case or(Expr, Expr, SourceLocation)
    case call(Expr, [Argument], SourceLocation)
    case member(Expr, String, SourceLocation)
    case index(Expr, Expr, SourceLocation)
    case function(FunctionDecl)
    /// `[for x in xs where cond]` (keeps elements) or `[f(x) for x in xs where cond]` (maps them).
    case comprehension(Comprehension)

    public var location: SourceLocation {
        switch self {
        case .literal(_, let l), .interpolated(_, let l), .name(_, let l), .local(_, let l),
             .captured(_, _, let l), .global(_, let l), .list(_, let l), .map(_, let l),
             .unary(_, _, let l), .binary(_, _, _, let l), .and(_, _, let l), .or(_, _, let l),
             .call(_, _, let l), .member(_, _, let l), .index(_, _, let l):
            return l
        case .function(let declaration): return declaration.location
        case .comprehension(let comprehension): return comprehension.location
        }
    }
}

public enum InterpolationPart {
    case text(String)
    case expression(Expr)
}

public struct Argument {
    /// The name of a named argument (`every:` in `f(1, every: 5s)`), nil for positional ones.
    public var label: String?
    public var value: Expr
    public var location: SourceLocation
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in"
}

/// A named or anonymous function. `slotCount` and `parameterSlots` are filled in by the resolver.
public final class FunctionDecl {
    public let name: String
    public let parameters: [(name: String, location: SourceLocation)]
    public let location: SourceLocation
    // Rewritten once by the resolver (names become slots) before the function ever runs.
    public var body: [Stmt]
    @exclusivity(unchecked) public var slotCount: Int = 0
    /// The body as closures (see `Compiler`), made with the first closure of this function.
    @exclusivity(unchecked) var compiled: CompiledFunction?

    public init(name: String, parameters: [(name: String, location: SourceLocation)], body: [Stmt],
                location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

public struct Comprehension {
    public var element: Expr?
    public var variable: Variable
    public var iterable: Expr
    public var condition: Expr?
    public var location: SourceLocation
}

/// A declared name: where it was written and, after resolution, where it lives.
public struct Variable: Sendable {
    public var name: String
    public var location: SourceLocation
    public var slot: Slot = .unresolved

    public enum Slot: Sendable, Equatable {
        case unresolved
        case local(Int)
        case global(Int)
    }

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

public indirect enum Stmt {
    case expression(Expr)
    case `let`(Variable, Expr)
    /// `target = value`, where target is a variable, `x.field` or `x[index]`.
    case assign(target: Expr, value: Expr, SourceLocation)
    case `if`(branches: [(condition: Expr, body: [Stmt])], otherwise: [Stmt]?)
    case `while`(condition: Expr, body: [Stmt])
    case `for`(variable: Variable, iterable: Expr, condition: Expr?, body: [Stmt])
    case `break`(SourceLocation)
    case `continue`(SourceLocation)
    case `return`(Expr?, SourceLocation)
    case function(Variable, FunctionDecl)
    case `try`(body: [Stmt], errorVariable: Variable, handler: [Stmt])
}
