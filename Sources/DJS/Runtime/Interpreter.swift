import Foundation

/// Runs resolved programs: a tree walker over `Stmt` and `Expr`.
///
/// Variables are read from frames by slot (the resolver did the name lookups), so the loop
/// does no dictionary work. Errors unwind as `RuntimeError`s and collect a call trace on the
/// way out of each user function.
public final class Interpreter {
    public let globals: GlobalScope
    var globalValues: [Value] = []
    public let output: OutputBuffer
    public let interrupt: InterruptFlag
    /// Job operations; nil until a Devo client, the simulator or a fake is attached.
    public var jobService: JobService?
    /// How bulk job calls behave: concurrency, confirmation, progress display.
    public var jobOptions = JobOptions()
    /// How `print`, `table` and the REPL's echo show values (`--format`, `:format`).
    public var outputFormat = OutputFormat.table
    /// Reads `env("NAME")`. Injected so tests are hermetic.
    public var environment: [String: String]
    /// Nested user-function calls allowed before "too much recursion".
    public var maximumCallDepth = 5_000
    /// Loop iterations plus calls allowed (`--max-steps`); nil means no limit.
    public var maximumSteps: Int?
    private var steps = 0
    private var callDepth = 0
    var regexCache: [String: NSRegularExpression] = [:]

    public init(output: OutputBuffer, environment: [String: String] = [:], arguments: [String] = [],
                interrupt: InterruptFlag = InterruptFlag(), allowsRedeclaration: Bool = false) {
        self.globals = GlobalScope(allowsRedeclaration: allowsRedeclaration)
        self.output = output
        self.environment = environment
        self.interrupt = interrupt
        Builtins.install(into: self, arguments: arguments)
    }

    /// Makes `name` a global holding `value` (how built-ins are installed).
    public func define(_ name: String, _ value: Value) {
        let slot = globals.declareBuiltin(name)
        ensureGlobalCapacity()
        globalValues[slot] = value
    }

    private func ensureGlobalCapacity() {
        if globalValues.count < globals.count {
            globalValues += [Value](repeating: .null, count: globals.count - globalValues.count)
        }
    }

    /// Parses, resolves and runs `source`. The value of a final expression statement is
    /// returned so that the REPL can echo it.
    public func run(_ source: SourceFile) throws -> Value? {
        let (parsed, syntaxErrors) = Parser.parse(source)
        if !syntaxErrors.isEmpty { throw ProgramErrors(diagnostics: syntaxErrors) }
        let (statements, slotCount, nameErrors) = Resolver.resolve(parsed, globals: globals)
        if !nameErrors.isEmpty { throw ProgramErrors(diagnostics: nameErrors) }
        ensureGlobalCapacity()
        let frame = Frame(slotCount: slotCount, parent: nil)
        steps = 0
        callDepth = 0
        do {
            var last: Value?
            for (index, statement) in statements.enumerated() {
                if index == statements.count - 1, case .expression(let expr) = statement {
                    last = try evaluate(expr, frame)
                } else {
                    switch try execute(statement, frame) {
                    case .normal: break
                    case .breakLoop(let location), .continueLoop(let location):
                        throw RuntimeError("'break' and 'continue' belong inside a loop", at: location)
                    case .returned: break
                    }
                }
            }
            return last
        } catch let error as RuntimeError {
            throw ProgramErrors(diagnostics: [error.diagnostic])
        }
    }

    // MARK: - Statements

    enum Flow {
        case normal
        case breakLoop(SourceLocation)
        case continueLoop(SourceLocation)
        case returned(Value)
    }

    func executeBlock(_ statements: [Stmt], _ frame: Frame) throws -> Flow {
        for statement in statements {
            let flow = try execute(statement, frame)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: Stmt, _ frame: Frame) throws -> Flow {
        switch statement {
        case .expression(let expr):
            _ = try evaluate(expr, frame)
        case .let(let variable, let value):
            store(try evaluate(value, frame), in: variable, frame)
        case .assign(let target, let valueExpr, let location):
            try assign(try evaluate(valueExpr, frame), to: target, frame, at: location)
        case .if(let branches, let otherwise):
            for branch in branches where try condition(branch.condition, frame) {
                return try executeBlock(branch.body, frame)
            }
            if let otherwise { return try executeBlock(otherwise, frame) }
        case .while(let test, let body):
            while try condition(test, frame) {
                try tick(at: test.location)
                switch try executeBlock(body, frame) {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                }
            }
        case .for(let variable, let iterableExpr, let filter, let body):
            var flow = Flow.normal
            try forEach(try evaluate(iterableExpr, frame), at: iterableExpr.location) { element in
                try tick(at: iterableExpr.location)
                store(element, in: variable, frame)
                if let filter, try !condition(filter, frame) { return true }
                switch try executeBlock(body, frame) {
                case .normal, .continueLoop: return true
                case .breakLoop: return false
                case .returned(let value): flow = .returned(value); return false
                }
            }
            return flow
        case .break(let location):
            return .breakLoop(location)
        case .continue(let location):
            return .continueLoop(location)
        case .return(let value, _):
            return .returned(try value.map { try evaluate($0, frame) } ?? .null)
        case .function(let variable, let declaration):
            store(.function(Closure(declaration: declaration, captured: frame)), in: variable, frame)
        case .try(let body, let errorVariable, let handler):
            do {
                return try executeBlock(body, frame)
            } catch let error as RuntimeError {
                var fields: [(String, Value)] = [
                    ("message", .string(error.message)),
                    ("line", .int(error.location.line)),
                    ("column", .int(error.location.column)),
                ]
                fields += error.details
                store(.map(MapRef(fields)), in: errorVariable, frame)
                return try executeBlock(handler, frame)
            }
        }
        return .normal
    }

    /// Counts a step and honours Ctrl-C and `--max-steps`.
    @inline(__always)
    func tick(at location: SourceLocation) throws {
        steps &+= 1
        if steps & 0x3FF == 0 {
            if interrupt.isRaised { throw Interrupted(location: location) }
        }
        if let maximumSteps, steps > maximumSteps {
            throw RuntimeError("the program ran more than \(maximumSteps) steps (--max-steps)", at: location)
        }
    }

    func condition(_ expr: Expr, _ frame: Frame) throws -> Bool {
        let value = try evaluate(expr, frame)
        guard case .bool(let truth) = value else {
            throw RuntimeError("a condition must be true or false, got \(value.typeName)", at: expr.location,
                               notes: ["compare explicitly, e.g. 'len(xs) > 0' or 'x != null'"])
        }
        return truth
    }

    private func store(_ value: Value, in variable: Variable, _ frame: Frame) {
        switch variable.slot {
        case .local(let slot): frame.slots[slot] = value
        case .global(let slot): globalValues[slot] = value
        case .unresolved: break
        }
    }

    private func assign(_ value: Value, to target: Expr, _ frame: Frame, at location: SourceLocation) throws {
        switch target {
        case .local(let slot, _):
            frame.slots[slot] = value
        case .captured(let depth, let slot, _):
            frame.ancestor(depth).slots[slot] = value
        case .global(let slot, _):
            globalValues[slot] = value
        case .member(let objectExpr, let name, let memberLocation):
            let object = try evaluate(objectExpr, frame)
            guard case .map(let map) = object else {
                throw RuntimeError("cannot set field '\(name)' on \(object.typeName)", at: memberLocation)
            }
            map[name] = value
        case .index(let objectExpr, let indexExpr, let indexLocation):
            let object = try evaluate(objectExpr, frame)
            let index = try evaluate(indexExpr, frame)
            switch (object, index) {
            case (.list(let list), .int(let position)):
                let resolved = position < 0 ? list.items.count + position : position
                guard resolved >= 0, resolved < list.items.count else {
                    throw RuntimeError("index \(position) is out of range for a list of \(list.items.count)", at: indexLocation)
                }
                list.items[resolved] = value
            case (.map(let map), .string(let key)):
                map[key] = value
            case (.map, _):
                throw RuntimeError("map keys must be strings, got \(index.typeName)", at: indexLocation)
            case (.string, _):
                throw RuntimeError("cannot change a character of a string", at: indexLocation,
                                   notes: ["strings cannot be changed; build a new one, e.g. with interpolation"])
            default:
                throw RuntimeError("cannot index \(object.typeName) with \(index.typeName)", at: indexLocation)
            }
        default:
            throw RuntimeError("cannot assign to this expression", at: location)
        }
    }

    /// Calls `body` with each element; stops early when it returns false.
    func forEach(_ iterable: Value, at location: SourceLocation, _ body: (Value) throws -> Bool) throws {
        switch iterable {
        case .list(let list):
            for element in list.items where try !body(element) { return }
        case .range(let range):
            var index = 0
            let count = range.count
            while index < count {
                if try !body(.int(range.element(index))) { return }
                index += 1
            }
        case .map(let map):
            for key in map.keys where try !body(.string(key)) { return }
        case .string(let text):
            for character in text where try !body(.string(String(character))) { return }
        default:
            throw RuntimeError("cannot iterate over \(iterable.typeName)", at: location,
                               notes: ["a for loop goes over a list, a map's keys, a string or a range"])
        }
    }

    // MARK: - Expressions

    func evaluate(_ expr: Expr, _ frame: Frame) throws -> Value {
        switch expr {
        case .literal(let value, _):
            return value
        case .local(let slot, _):
            return frame.slots[slot]
        case .captured(let depth, let slot, _):
            return frame.ancestor(depth).slots[slot]
        case .global(let slot, _):
            return globalValues[slot]
        case .name(let name, let location):
            throw RuntimeError("internal error: unresolved name '\(name)'", at: location)
        case .binary(let op, let leftExpr, let rightExpr, let location):
            let left = try evaluate(leftExpr, frame)
            let right = try evaluate(rightExpr, frame)
            return try Operators.binary(op, left, right, at: location)
        case .and(let leftExpr, let rightExpr, let location):
            guard try logical(leftExpr, frame, "and", location) else { return .bool(false) }
            return .bool(try logical(rightExpr, frame, "and", location))
        case .or(let leftExpr, let rightExpr, let location):
            if try logical(leftExpr, frame, "or", location) { return .bool(true) }
            return .bool(try logical(rightExpr, frame, "or", location))
        case .unary(let op, let operandExpr, let location):
            return try Operators.unary(op, try evaluate(operandExpr, frame), at: location)
        case .call(let calleeExpr, let argumentExprs, let location):
            let callee = try evaluate(calleeExpr, frame)
            var positional: [Value] = []
            positional.reserveCapacity(argumentExprs.count)
            var named: [(label: String, value: Value, location: SourceLocation)] = []
            for argument in argumentExprs {
                let value = try evaluate(argument.value, frame)
                if let label = argument.label { named.append((label, value, argument.location)) } else { positional.append(value) }
            }
            return try call(callee, positional, named: named, at: location)
        case .member(let objectExpr, let name, let location):
            return try Members.get(try evaluate(objectExpr, frame), name, at: location)
        case .index(let objectExpr, let indexExpr, let location):
            return try Members.index(try evaluate(objectExpr, frame), try evaluate(indexExpr, frame), at: location)
        case .interpolated(let parts, _):
            var text = ""
            for part in parts {
                switch part {
                case .text(let piece): text += piece
                case .expression(let inner): text += try evaluate(inner, frame).displayText
                }
            }
            return .string(text)
        case .list(let elementExprs, _):
            var items: [Value] = []
            items.reserveCapacity(elementExprs.count)
            for element in elementExprs { items.append(try evaluate(element, frame)) }
            return .list(ListRef(items))
        case .map(let entries, _):
            let map = MapRef()
            for entry in entries {
                let key = try evaluate(entry.key, frame)
                guard case .string(let text) = key else {
                    throw RuntimeError("map keys must be strings, got \(key.typeName)", at: entry.key.location)
                }
                map[text] = try evaluate(entry.value, frame)
            }
            return .map(map)
        case .function(let declaration):
            return .function(Closure(declaration: declaration, captured: frame))
        case .comprehension(let comprehension):
            var items: [Value] = []
            try forEach(try evaluate(comprehension.iterable, frame), at: comprehension.iterable.location) { element in
                try tick(at: comprehension.location)
                store(element, in: comprehension.variable, frame)
                if let filter = comprehension.condition, try !condition(filter, frame) { return true }
                items.append(try comprehension.element.map { try evaluate($0, frame) } ?? element)
                return true
            }
            return .list(ListRef(items))
        }
    }

    private func logical(_ expr: Expr, _ frame: Frame, _ op: String, _ location: SourceLocation) throws -> Bool {
        let value = try evaluate(expr, frame)
        guard case .bool(let truth) = value else {
            throw RuntimeError("'\(op)' needs true or false on both sides, got \(value.typeName)", at: expr.location)
        }
        return truth
    }

    // MARK: - Calls

    /// Calls a function value. Built-ins use this to call key functions and predicates.
    public func call(_ callee: Value, _ positional: [Value],
                     named: [(label: String, value: Value, location: SourceLocation)],
                     at location: SourceLocation) throws -> Value {
        switch callee {
        case .function(let closure):
            return try callClosure(closure, positional, named: named, at: location)
        case .builtin(let builtin):
            var arguments = Arguments(function: builtin.name, positional: positional, named: named,
                                      location: location, interpreter: self)
            do {
                return try builtin.body(&arguments)
            } catch let error as JobServiceError {
                throw RuntimeError(error.message, at: location)
            }
        default:
            throw RuntimeError("cannot call \(callee.typeName)", at: location)
        }
    }

    private func callClosure(_ closure: Closure, _ positional: [Value],
                             named: [(label: String, value: Value, location: SourceLocation)],
                             at location: SourceLocation) throws -> Value {
        let declaration = closure.declaration
        let parameters = declaration.parameters
        guard positional.count <= parameters.count else {
            throw RuntimeError("\(declaration.name)() takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(positional.count + named.count)",
                               at: location)
        }
        let frame = Frame(slotCount: declaration.slotCount, parent: closure.captured)
        for (index, value) in positional.enumerated() { frame.slots[index] = value }
        var bound = positional.count
        for argument in named {
            guard let index = parameters.firstIndex(where: { $0.name == argument.label }) else {
                throw RuntimeError("\(declaration.name)() has no parameter '\(argument.label)'", at: argument.location,
                                   notes: ["its parameters: " + parameters.map(\.name).joined(separator: ", ")])
            }
            guard index >= positional.count else {
                throw RuntimeError("\(declaration.name)(): '\(argument.label)' was already given", at: argument.location)
            }
            frame.slots[index] = argument.value
            bound += 1
        }
        guard bound == parameters.count else {
            let missing = parameters[positional.count...].map(\.name).filter { name in !named.contains { $0.label == name } }
            throw RuntimeError("\(declaration.name)() is missing argument\(missing.count == 1 ? "" : "s") " +
                               missing.map { "'\($0)'" }.joined(separator: ", "), at: location)
        }

        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > maximumCallDepth {
            throw RuntimeError("too much recursion: more than \(maximumCallDepth) nested calls", at: location)
        }
        try tick(at: location)
        do {
            let body = declaration.body
            // A body that ends in an expression returns its value: fn(j) < j.status > is a key function.
            for (index, statement) in body.enumerated() {
                if index == body.count - 1, case .expression(let expr) = statement {
                    return try evaluate(expr, frame)
                }
                switch try execute(statement, frame) {
                case .normal: continue
                case .returned(let value): return value
                case .breakLoop(let where_), .continueLoop(let where_):
                    throw RuntimeError("'break' and 'continue' belong inside a loop", at: where_)
                }
            }
            return .null
        } catch var error as RuntimeError {
            error.trace.append(TraceEntry(function: declaration.name, callSite: location))
            throw error
        }
    }
}

extension Frame {
    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        for _ in 0..<depth { frame = frame.parent! }
        return frame
    }
}

/// Every diagnostic of a program that did not run to the end.
public struct ProgramErrors: Error {
    public var diagnostics: [Diagnostic]
}
