/// Turns resolved syntax into Swift closures over a frame: the fallback of the register
/// machine for the constructs `CodeGenerator` leaves to it (`try`, map literals with computed
/// keys, expressions nested too deeply to generate), which run from one instruction.
///
/// A compiled node is a closure that has already chosen its path, holds its children's
/// closures and calls them directly. It reads and writes the same frame slots as the register
/// code around it, and gives the same results and errors (shared through `Operators`,
/// `Members` and the `RuntimeError` factories). Functions it defines or calls run on the
/// register machine.
///
/// Closures reach the interpreter through an `unowned(unsafe)` reference: compiled code only
/// runs inside a call on that interpreter, and a strong reference would make a cycle
/// (interpreter → global function values → declarations → compiled code → interpreter).
typealias CompiledExpr = (Frame) throws -> Value
typealias CompiledStmt = (Frame) throws -> Interpreter.Flow
typealias CompiledCondition = (Frame) throws -> Bool

/// Compiled code kept in an array or an optional goes in one of these wrappers. Swift stores
/// a bare closure inside a generic container in its most general calling convention and calls
/// it through a conversion thunk; a closure held by a concrete struct keeps its direct one.
/// (The thunks were a fifth of a simple loop's instructions.)
struct Step { let run: CompiledStmt }
struct Eval { let run: CompiledExpr }
struct Test { let run: CompiledCondition }

struct Compiler {
    unowned(unsafe) let interpreter: Interpreter

    // MARK: - Statements

    func block(_ statements: [Stmt]) -> CompiledStmt {
        switch statements.count {
        case 0: return { _ in .normal }
        case 1: return statement(statements[0])
        case 2:
            // Short blocks call their statements directly rather than walk an array (each
            // element fetched from it is a retain and a release of its closure).
            let first = statement(statements[0]), second = statement(statements[1])
            return { frame in
                let flow = try first(frame)
                guard case .normal = flow else { return flow }
                return try second(frame)
            }
        default:
            let compiled = statements.map { Step(run: statement($0)) }
            return { frame in
                for statement in compiled {
                    let flow = try statement.run(frame)
                    if case .normal = flow { continue }
                    return flow
                }
                return .normal
            }
        }
    }

    func statement(_ statement: Stmt) -> CompiledStmt {
        let interpreter = self.interpreter
        switch statement {
        case .expression(let expr):
            let value = expression(expr)
            return { frame in _ = try value(frame); return .normal }
        case .let(let variable, let valueExpr):
            let value = expression(valueExpr)
            let store = storer(variable)
            return { frame in store(try value(frame), frame); return .normal }
        case .assign(let target, let valueExpr, let location):
            if case .binary(.add, let leftExpr, let rightExpr, let addLocation) = valueExpr,
               let sum = assignSum(target, leftExpr, rightExpr, at: addLocation) {
                return sum
            }
            let value = expression(valueExpr)
            let assign = assigner(target, at: location)
            return { frame in try assign(try value(frame), frame); return .normal }
        case .if(let branches, let otherwise):
            if branches.count == 1 {
                let test = condition(branches[0].condition), body = block(branches[0].body)
                if let otherwise {
                    let elseBody = block(otherwise)
                    return { frame in try test(frame) ? try body(frame) : try elseBody(frame) }
                }
                return { frame in try test(frame) ? try body(frame) : .normal }
            }
            let tests = branches.map { Test(run: condition($0.condition)) }
            let bodies = branches.map { Step(run: block($0.body)) }
            let elseBody = block(otherwise ?? [])
            return { frame in
                for index in tests.indices where try tests[index].run(frame) { return try bodies[index].run(frame) }
                return try elseBody(frame)
            }
        case .while(let testExpr, let bodyStatements):
            let test = condition(testExpr)
            let body = block(bodyStatements)
            let location = testExpr.location
            return { frame in
                while try test(frame) {
                    try interpreter.tick(at: location)
                    switch try body(frame) {
                    case .normal, .continueLoop: continue
                    case .breakLoop: return .normal
                    case .returned(let value): return .returned(value)
                    }
                }
                return .normal
            }
        case .for(let variable, let iterableExpr, let filterExpr, let bodyStatements):
            let iterable = expression(iterableExpr)
            let store = storer(variable)
            // No `where`: a condition that is always true, rather than an optional closure.
            let filter = filterExpr.map { condition($0) } ?? { _ in true }
            let body = block(bodyStatements)
            let location = iterableExpr.location
            return { frame in
                var flow = Interpreter.Flow.normal
                try interpreter.forEach(try iterable(frame), at: location) { element in
                    try interpreter.tick(at: location)
                    store(element, frame)
                    if try !filter(frame) { return true }
                    switch try body(frame) {
                    case .normal, .continueLoop: return true
                    case .breakLoop: return false
                    case .returned(let value): flow = .returned(value); return false
                    }
                }
                return flow
            }
        case .break(let location):
            return { _ in .breakLoop(location) }
        case .continue(let location):
            return { _ in .continueLoop(location) }
        case .return(let valueExpr, _):
            guard let valueExpr else { return { _ in .returned(.null) } }
            let value = expression(valueExpr)
            return { frame in .returned(try value(frame)) }
        case .function(let variable, let declaration):
            let store = storer(variable)
            return { frame in
                store(.function(interpreter.closure(declaration, captured: frame)), frame)
                return .normal
            }
        case .try(let bodyStatements, let errorVariable, let handlerStatements):
            let body = block(bodyStatements)
            let store = storer(errorVariable)
            let handler = block(handlerStatements)
            return { frame in
                do {
                    return try body(frame)
                } catch let error as RuntimeError {
                    var fields: [(String, Value)] = [
                        ("message", .string(error.message)),
                        ("line", .int(error.location.line)),
                        ("column", .int(error.location.column)),
                    ]
                    fields += error.details
                    store(.map(MapRef(fields)), frame)
                    return try handler(frame)
                }
            }
        }
    }

    /// Writes a declared variable (`let`, loop variables, `catch` names).
    func storer(_ variable: Variable) -> (Value, Frame) -> Void {
        let interpreter = self.interpreter
        switch variable.slot {
        case .local(let slot): return { value, frame in frame.slots[slot] = value }
        case .global(let slot): return { value, _ in interpreter.globalValues[slot] = value }
        case .unresolved: return { _, _ in }
        }
    }

    /// Writes the target of an assignment: a variable, `x.field` or `x[index]`.
    private func assigner(_ target: Expr, at location: SourceLocation) -> (Value, Frame) throws -> Void {
        let interpreter = self.interpreter
        switch target {
        case .local(let slot, _):
            return { value, frame in frame.slots[slot] = value }
        case .captured(let depth, let slot, _):
            return { value, frame in frame.ancestor(depth).slots[slot] = value }
        case .global(let slot, _):
            return { value, _ in interpreter.globalValues[slot] = value }
        case .member(let objectExpr, let name, let memberLocation):
            let object = expression(objectExpr)
            return { value, frame in
                let container = try object(frame)
                guard case .map(let map) = container else {
                    throw RuntimeError.cannotSetField(name, on: container, at: memberLocation)
                }
                map[name] = value
            }
        case .index(let objectExpr, let indexExpr, let indexLocation):
            let object = expression(objectExpr)
            let indexValue = expression(indexExpr)
            return { value, frame in
                try Members.setIndex(try object(frame), try indexValue(frame), to: value, at: indexLocation)
            }
        default:
            return { _, _ in throw RuntimeError("cannot assign to this expression", at: location) }
        }
    }

    /// `x = x + e` on a plain variable appends to a string in place (see `InPlaceAdd`).
    private func assignSum(_ target: Expr, _ leftExpr: Expr, _ rightExpr: Expr,
                           at location: SourceLocation) -> CompiledStmt? {
        let interpreter = self.interpreter
        let right = expression(rightExpr)
        switch (target, leftExpr) {
        case (.local(let slot, _), .local(let same, _)) where slot == same:
            return { frame in
                try InPlaceAdd.add(to: { frame.slots + slot }, { try right(frame) }, at: location)
                return .normal
            }
        case (.captured(let depth, let slot, _), .captured(let sameDepth, let same, _))
            where depth == sameDepth && slot == same:
            return { frame in
                try InPlaceAdd.add(to: { frame.ancestor(depth).slots + slot }, { try right(frame) }, at: location)
                return .normal
            }
        case (.global(let slot, _), .global(let same, _)) where slot == same:
            return { frame in
                try InPlaceAdd.add(to: { interpreter.globalValues.base + slot }, { try right(frame) }, at: location)
                return .normal
            }
        default:
            return nil
        }
    }

    // MARK: - Conditions

    /// A condition (`if`, `while`, `where`): must be a bool. Comparisons, `and` and `or`
    /// are answered as Swift `Bool`s without making a `Value` at all.
    func condition(_ expr: Expr) -> CompiledCondition {
        if let direct = boolean(expr) { return direct }
        let value = expression(expr)
        let location = expr.location
        return { frame in try Compiler.truth(try value(frame), at: location) }
    }

    /// The expressions that can only be true, false or an error of their own: comparisons
    /// (integers and string equality inline, the rest through `Operators`), `and`, `or`.
    private func boolean(_ expr: Expr) -> CompiledCondition? {
        switch expr {
        case .binary(let op, let leftExpr, let rightExpr, let opLocation) where op.isOrdering || op == .equal || op == .notEqual:
            let left = expression(leftExpr), right = expression(rightExpr)
            if case .local(let slot, _) = leftExpr, case .literal(.int(let constant), _) = rightExpr {
                // `n < 2`: an integer variable is compared where it lies, without a call or a
                // copy of the value; anything else goes the general way below.
                let general = comparison(op, left, right, at: opLocation)
                return { frame in
                    if case .int(let x) = frame.slots[slot] { return op.compare(x, constant) }
                    return try general(frame)
                }
            }
            return comparison(op, left, right, at: opLocation)
        case .and(let leftExpr, let rightExpr, let location):
            let left = logical(leftExpr, .and, location), right = logical(rightExpr, .and, location)
            return { frame in try left(frame) ? try right(frame) : false }
        case .or(let leftExpr, let rightExpr, let location):
            let left = logical(leftExpr, .or, location), right = logical(rightExpr, .or, location)
            return { frame in try left(frame) ? true : try right(frame) }
        default:
            return nil
        }
    }

    /// A comparison of any two operands: integers and string equality inline, the rest
    /// through `Operators`.
    private func comparison(_ op: BinaryOperator, _ left: @escaping CompiledExpr, _ right: @escaping CompiledExpr,
                            at opLocation: SourceLocation) -> CompiledCondition {
        return { frame in
            let a = try left(frame), b = try right(frame)
            if case .int(let x) = a, case .int(let y) = b { return op.compare(x, y) }
            if op == .equal || op == .notEqual, case .string(let x) = a, case .string(let y) = b {
                return (x == y) == (op == .equal)
            }
            // A comparison's result is always a bool.
            guard case .bool(let truth) = try Operators.binary(op, a, b, at: opLocation) else { return false }
            return truth
        }
    }

    static func truth(_ value: Value, at location: SourceLocation) throws -> Bool {
        guard case .bool(let truth) = value else { throw RuntimeError.notABool(value, in: .condition, at: location) }
        return truth
    }

    /// An operand of `and`/`or`.
    private func logical(_ expr: Expr, _ test: TruthTest, _ location: SourceLocation) -> CompiledCondition {
        if let direct = boolean(expr) { return direct }
        let value = expression(expr)
        let operandLocation = expr.location
        return { frame in
            let result = try value(frame)
            guard case .bool(let truth) = result else { throw RuntimeError.notABool(result, in: test, at: operandLocation) }
            return truth
        }
    }

    // MARK: - Expressions

    func expression(_ expr: Expr) -> CompiledExpr {
        let interpreter = self.interpreter
        // Compiling recurses as deep as the tree, and running it as deep again: a tree too
        // tall for the stack (190 nested groups of 999 additions crashed) compiles
        // to an error instead of the rest of itself.
        if interpreter.stackGuard.isExhausted {
            let location = expr.location
            return { _ in throw RuntimeError("too much recursion: this expression is nested too deeply", at: location) }
        }
        switch expr {
        case .literal(let value, _):
            return { _ in value }
        case .local(let slot, _):
            return { frame in frame.slots[slot] }
        case .captured(let depth, let slot, _):
            return { frame in frame.ancestor(depth).slots[slot] }
        case .global(let slot, _):
            return { _ in interpreter.globalValues[slot] }
        case .name(let name, let location):
            return { _ in throw RuntimeError("internal error: unresolved name '\(name)'", at: location) }
        case .binary(let op, let leftExpr, let rightExpr, let location):
            return binary(op, leftExpr, rightExpr, at: location)
        case .and, .or:
            let test = boolean(expr)!
            return { frame in .bool(try test(frame)) }
        case .unary(let op, let operandExpr, let location):
            let operand = expression(operandExpr)
            return { frame in try Operators.unary(op, try operand(frame), at: location) }
        case .call(let calleeExpr, let argumentExprs, let location):
            return call(calleeExpr, argumentExprs, at: location)
        case .member(let objectExpr, let name, let location):
            let object = expression(objectExpr)
            let memo = KeyMemo()
            return { frame in
                let container = try object(frame)
                if case .map(let map) = container, let value = map.value(forKey: name, memo: memo) { return value }
                return try Members.get(container, name, at: location)
            }
        case .index(let objectExpr, let indexExpr, let location):
            let object = expression(objectExpr), index = expression(indexExpr)
            return { frame in
                let container = try object(frame), position = try index(frame)
                // A list at an index in range, the usual case, is answered here.
                if case .list(let list) = container, case .int(let offset) = position, list.items.indices.contains(offset) {
                    return list.items[offset]
                }
                return try Members.index(container, position, at: location)
            }
        case .interpolated(let parts, _):
            if let single = singleValueInterpolation(parts) { return single }
            let pieces: [Piece] = parts.map {
                switch $0 {
                case .text(let text): .text(text)
                case .expression(let inner): .value(expression(inner))
                }
            }
            return { frame in
                try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
                    var text = TextBuilder(buffer: buffer)
                    for piece in pieces {
                        switch piece {
                        case .text(let fixed): text.append(fixed)
                        case .value(let value): text.append(try value(frame))
                        }
                    }
                    return .string(text.finish())
                }
            }
        case .list(let elementExprs, _):
            let elements = elementExprs.map { Eval(run: expression($0)) }
            return { frame in .list(ListRef(try Compiler.evaluate(elements, in: frame))) }
        case .map(let entryExprs, _):
            if let fixedKeys = CodeGenerator.distinctLiteralKeys(entryExprs) {
                let values = entryExprs.map { Eval(run: expression($0.value)) }
                return { frame in .map(MapRef(distinctKeys: fixedKeys, values: try Compiler.evaluate(values, in: frame))) }
            }
            let keys = entryExprs.map { Eval(run: expression($0.key)) }
            let keyLocations = entryExprs.map(\.key.location)
            let values = entryExprs.map { Eval(run: expression($0.value)) }
            return { frame in
                let map = MapRef(capacity: keys.count)
                for index in keys.indices {
                    let key = try keys[index].run(frame)
                    guard case .string(let text) = key else {
                        throw RuntimeError("map keys must be strings, got \(key.typeName)", at: keyLocations[index])
                    }
                    map[text] = try values[index].run(frame)
                }
                return .map(map)
            }
        case .function(let declaration):
            return { frame in .function(interpreter.closure(declaration, captured: frame)) }
        case .comprehension(let comprehension):
            let iterable = expression(comprehension.iterable)
            let iterableLocation = comprehension.iterable.location
            let location = comprehension.location
            let store = storer(comprehension.variable)
            let filter = comprehension.condition.map { condition($0) } ?? { _ in true }
            // No element expression: the element itself.
            let element = comprehension.element.map { expression($0) } ?? { frame in throw Compiler.noElement }
            let keepsItself = comprehension.element == nil
            return { frame in
                var items: [Value] = []
                try interpreter.forEach(try iterable(frame), at: iterableLocation) { item in
                    try interpreter.tick(at: location)
                    store(item, frame)
                    if try !filter(frame) { return true }
                    items.append(keepsItself ? item : try element(frame))
                    return true
                }
                return .list(ListRef(items))
            }
        }
    }

    /// The values of `expressions`, in order: a list literal's elements, a map literal's values.
    /// (`Array(unsafeUninitializedCapacity:)` looked cheaper, but it is not specialized and looks
    /// up the array's type metadata on every call, which made it cost more.)
    private static func evaluate(_ expressions: [Eval], in frame: Frame) throws -> [Value] {
        var items: [Value] = []
        items.reserveCapacity(expressions.count)
        for expression in expressions { items.append(try expression.run(frame)) }
        return items
    }

    /// Never thrown: stands in for a comprehension's absent element expression.
    private static let noElement = RuntimeError("internal error: no element expression", at: .unknown)

    /// `"job-${i}"`: an interpolation of one value between fixed texts (either may be empty),
    /// by far the usual kind, holds its parts directly instead of walking an array of pieces.
    private func singleValueInterpolation(_ parts: [InterpolationPart]) -> CompiledExpr? {
        var prefix = "", suffix = "", inner: Expr?
        for part in parts {
            switch part {
            case .text(let text):
                if inner == nil { prefix += text } else { suffix += text }
            case .expression(let expr):
                if inner != nil { return nil }
                inner = expr
            }
        }
        guard let inner else { return nil }
        let value = expression(inner)
        // Constants, so that the closure captures values, not the variables above (a captured
        // variable is boxed and checked for exclusive access on every read).
        let (before, after) = (prefix, suffix)
        return { frame in
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
                var text = TextBuilder(buffer: buffer)
                text.append(before)
                text.append(try value(frame))
                text.append(after)
                return .string(text.finish())
            }
        }
    }

    private enum Piece {
        case text(String)
        case value(CompiledExpr)
    }

    /// Arithmetic and comparisons try the integer case inline and otherwise (other types,
    /// overflow, division by zero) defer to `Operators`, which gives the result or the error.
    private func binary(_ op: BinaryOperator, _ leftExpr: Expr, _ rightExpr: Expr,
                        at location: SourceLocation) -> CompiledExpr {
        let left = expression(leftExpr)
        // `n - 1`, `i % 3`, `n < 2`: a literal integer on the right needs no call to fetch it.
        if case .literal(.int(let constant), _) = rightExpr {
            let right = Value.int(constant)
            if case .local(let slot, _) = leftExpr {
                // `n - 1` on a local variable: read where it lies, without a call or a copy.
                return { frame in
                    if case .int(let x) = frame.slots[slot], let result = op.integers(x, constant) { return result }
                    return try Operators.binary(op, frame.slots[slot], right, at: location)
                }
            }
            return { frame in
                let a = try left(frame)
                if case .int(let x) = a, let result = op.integers(x, constant) { return result }
                return try Operators.binary(op, a, right, at: location)
            }
        }
        let right = expression(rightExpr)
        return { frame in
            let a = try left(frame), b = try right(frame)
            if case .int(let x) = a, case .int(let y) = b, let result = op.integers(x, y) { return result }
            return try Operators.binary(op, a, b, at: location)
        }
    }

    /// A call. Calling a user function with exactly its parameters, all positional (nearly
    /// every call), evaluates the arguments straight into the new frame: no argument array.
    private func call(_ calleeExpr: Expr, _ argumentExprs: [Argument], at location: SourceLocation) -> CompiledExpr {
        let interpreter = self.interpreter
        let callee = expression(calleeExpr)
        let labels = argumentExprs.map(\.label)
        let locations = argumentExprs.map(\.location)
        let values = argumentExprs.map { Eval(run: expression($0.value)) }
        let allPositional = labels.allSatisfy { $0 == nil }
        let count = values.count
        let noArgument: CompiledExpr = { _ in .null }
        let first = count > 0 ? values[0].run : noArgument
        let second = count > 1 ? values[1].run : noArgument
        let site = PositionalCall(first: first, second: second, values: values, location: location)
        let general: CompiledExpr = { frame in
            let function = try callee(frame)
            if allPositional, case .function(let closure) = function,
               closure.compiled.parameterCount == count {
                return try site.call(closure, from: frame, on: interpreter)
            }
            var positional: [Value] = []
            positional.reserveCapacity(values.count)
            var named: [(label: String, value: Value, location: SourceLocation)] = []
            for index in values.indices {
                let value = try values[index].run(frame)
                if let label = labels[index] { named.append((label, value, locations[index])) } else { positional.append(value) }
            }
            return try interpreter.call(function, positional, named: named, at: location)
        }
        // `fib(n - 1)`: a function in a global variable is matched where it lies, without copying
        // the value out first. Anything else goes the general way, which reads the global again.
        if allPositional, case .global(let slot, _) = calleeExpr {
            return { frame in
                if case .function(let closure) = interpreter.globalValues[slot],
                   closure.compiled.parameterCount == count {
                    return try site.call(closure, from: frame, on: interpreter)
                }
                return try general(frame)
            }
        }
        return general
    }
}

/// A call site's arguments when they are all positional.
private struct PositionalCall {
    /// The first two arguments are held directly, the rest read from the array: most calls
    /// have one or two, and fetching a closure from an array retains and releases it.
    let first: CompiledExpr, second: CompiledExpr
    let values: [Eval]
    let location: SourceLocation

    /// Calls a user function that takes exactly these arguments. They are evaluated straight
    /// into its new frame: no argument array.
    @inline(__always)
    func call(_ closure: Closure, from frame: Frame, on interpreter: Interpreter) throws -> Value {
        let count = values.count
        return try interpreter.call(closure, at: location) { slots in
            if count > 0 { slots[0] = try first(frame) }
            if count > 1 { slots[1] = try second(frame) }
            if count > 2 { for index in 2..<count { slots[index] = try values[index].run(frame) } }
        }
    }
}

extension BinaryOperator {
    var isOrdering: Bool { self == .less || self == .lessEqual || self == .greater || self == .greaterEqual }

    /// A comparison of two integers (only for the comparison operators).
    @inline(__always)
    func compare(_ a: Int, _ b: Int) -> Bool {
        switch self {
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        case .greaterEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        default: false
        }
    }

    /// The result on two integers, or nil where `Operators` must decide (overflow, division
    /// by zero and its edge cases, `in`), so errors stay exactly as `Operators` words them.
    @inline(__always)
    func integers(_ a: Int, _ b: Int) -> Value? {
        switch self {
        case .add:
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? nil : .int(sum)
        case .subtract:
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            return overflow ? nil : .int(difference)
        case .multiply:
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? nil : .int(product)
        case .divide: return b == 0 || b == -1 ? nil : .int(a / b)
        case .remainder: return b == 0 || b == -1 ? nil : .int(a % b)
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return .bool(compare(a, b))
        case .in: return nil
        }
    }
}
