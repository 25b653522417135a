/// Turns a resolved function body, or a program's top level, into register-machine code
/// (a `Chunk`, run by `Interpreter.execute`).
///
/// Registers are the frame's slots: the resolver numbered the variables, so a local variable
/// is already a register, and `x + 1` reads `x` where it lies; so does a global (operand `~g`). Temporaries are handed out
/// above the variables like a stack: each expression frees what it took once its value is
/// in place. Every expression writes its destination with its last instruction, so a
/// destination may be the very variable the expression reads (`x = x - 1`, `x = f(x)`).
///
/// Constructs that are rare inside hot loops (`try`, map literals with computed or repeated
/// keys, expressions nested too deeply to generate) are compiled by the closure `Compiler`
/// and run from one instruction.
struct CodeGenerator {
    unowned(unsafe) let interpreter: Interpreter
    private var code: [Instruction] = []
    private var locations: [SourceLocation] = []
    private var constants: [Value] = []
    private var members: [MemberSite] = []
    private var callSites: [CallSite] = []
    private var keySets: [[String]] = []
    private var templates: [Template] = []
    private var functions: [FunctionDecl] = []
    private var fallbackExpressions: [Eval] = []
    private var fallbackStatements: [Step] = []
    /// The registers of the variables: temporaries come after them.
    private let variableCount: Int
    /// The next free temporary; everything below it is a variable or in use.
    private var nextRegister: Int
    private var registerCount: Int
    /// The loops the code being generated is in, innermost last.
    private var loops: [Loop] = []

    /// A loop's `break` and `continue` jumps, patched when the loop's test and end are known.
    private struct Loop {
        var breaks: [Int] = []
        var continues: [Int] = []
    }

    private init(interpreter: Interpreter, variableCount: Int) {
        self.interpreter = interpreter
        self.variableCount = variableCount
        self.nextRegister = variableCount
        self.registerCount = variableCount
    }

    /// A function's body. Its value is that of a final expression or `return`, else null.
    static func function(_ declaration: FunctionDecl, on interpreter: Interpreter) -> Chunk {
        var generator = CodeGenerator(interpreter: interpreter, variableCount: declaration.slotCount)
        generator.body(declaration.body, resultLocation: declaration.location)
        return generator.finish()
    }

    /// A program's top level. It returns the value of a final expression statement (the REPL
    /// echoes it) and nil when there is none.
    static func program(_ statements: [Stmt], variableCount: Int, on interpreter: Interpreter) -> (chunk: Chunk, hasResult: Bool) {
        var generator = CodeGenerator(interpreter: interpreter, variableCount: variableCount)
        let hasResult: Bool
        if case .expression? = statements.last { hasResult = true } else { hasResult = false }
        generator.body(statements, resultLocation: statements.last.map(Self.location) ?? .unknown)
        return (generator.finish(), hasResult)
    }

    private mutating func finish() -> Chunk {
        Chunk(code: code, locations: locations, constants: constants, members: members, callSites: callSites,
              keySets: keySets, templates: templates, functions: functions,
              fallbackExpressions: fallbackExpressions, fallbackStatements: fallbackStatements,
              registerCount: registerCount)
    }

    /// Statements, then a return of the final expression's value (or of null).
    private mutating func body(_ statements: [Stmt], resultLocation: SourceLocation) {
        var statements = statements
        var result: Expr?
        switch statements.last {
        case .expression(let expr)?, .return(let expr?, _)?:
            result = expr
            statements.removeLast()
        default:
            break
        }
        for statement in statements { self.statement(statement) }
        returnValue(result, at: resultLocation)
    }

    /// `return e`: a variable is returned from its own register.
    private mutating func returnValue(_ value: Expr?, at location: SourceLocation) {
        let register: Int
        if let value {
            register = operand(value)
        } else {
            register = temporary()
            loadNull(register, at: location)
        }
        emit(Instruction(.returnValue, register), at: location)
    }

    // MARK: - Emitting

    @discardableResult
    private mutating func emit(_ instruction: Instruction, at location: SourceLocation) -> Int {
        code.append(instruction)
        locations.append(location)
        return code.count - 1
    }

    /// Points the jump emitted at `index` at the next instruction.
    private mutating func patch(_ index: Int) {
        code[index].a = Int32(code.count)
    }

    private mutating func patch(_ indexes: [Int]) {
        for index in indexes { patch(index) }
    }

    /// Points the jumps emitted at `indexes` at `target`.
    private mutating func patch(_ indexes: [Int], to target: Int) {
        for index in indexes { code[index].a = Int32(target) }
    }

    /// A temporary register, free until `release(to:)` below it.
    private mutating func temporary() -> Int {
        let register = nextRegister
        nextRegister += 1
        registerCount = max(registerCount, nextRegister)
        return register
    }

    /// `count` consecutive temporaries; the first is returned.
    private mutating func temporaries(_ count: Int) -> Int {
        let first = nextRegister
        for _ in 0..<count { _ = temporary() }
        return first
    }

    private mutating func release(to mark: Int) { nextRegister = mark }

    private mutating func constant(_ value: Value) -> Int {
        constants.append(value)
        return constants.count - 1
    }

    private mutating func loadNull(_ register: Int, at location: SourceLocation) {
        emit(Instruction(.loadConstant, register, constant(.null)), at: location)
    }

    private mutating func fallback(_ expr: Expr, into register: Int) {
        fallbackExpressions.append(Eval(run: Compiler(interpreter: interpreter).expression(expr)))
        emit(Instruction(.evaluate, register, fallbackExpressions.count - 1), at: expr.location)
    }

    /// A statement run by the closure compiler. Its `break` and `continue` reach the loop
    /// this code is in through the two jumps that follow it.
    private mutating func fallback(_ statement: Stmt, at location: SourceLocation) {
        fallbackStatements.append(Step(run: Compiler(interpreter: interpreter).statement(statement)))
        let inLoop = !loops.isEmpty
        emit(Instruction(.execute, fallbackStatements.count - 1, inLoop ? 1 : 0), at: location)
        if inLoop {
            loops[loops.count - 1].breaks.append(emit(Instruction(.jump, 0), at: location))
            loops[loops.count - 1].continues.append(emit(Instruction(.jump, 0), at: location))
        }
    }

    // MARK: - Statements

    private mutating func block(_ statements: [Stmt]) {
        for statement in statements { self.statement(statement) }
    }

    private mutating func statement(_ statement: Stmt) {
        let mark = nextRegister
        defer { release(to: mark) }
        switch statement {
        case .expression(let expr):
            expression(expr, into: temporary())
        case .let(let variable, let value):
            store(value, into: variable)
        case .assign(let target, let value, let location):
            assign(value, to: target, at: location)
        case .if(let branches, let otherwise):
            var ends: [Int] = []
            for (index, branch) in branches.enumerated() {
                let skip = jumps(unless: branch.condition)
                block(branch.body)
                if index < branches.count - 1 || otherwise != nil {
                    ends.append(emit(Instruction(.jump, 0), at: branch.condition.location))
                }
                patch(skip)
            }
            if let otherwise { block(otherwise) }
            patch(ends)
        case .while(let condition, let body):
            loop(body: { generator in
                generator.emit(Instruction(.tick, 0), at: condition.location)
                generator.block(body)
            }, test: { generator, bodyStart in
                generator.patch(generator.jumps(when: true, condition, test: .condition), to: bodyStart)
            })
        case .for(let variable, let iterable, let condition, let body):
            forLoop(variable, iterable, condition, body)
        case .break(let location):
            guard !loops.isEmpty else { return fallback(statement, at: location) }
            loops[loops.count - 1].breaks.append(emit(Instruction(.jump, 0), at: location))
        case .continue(let location):
            guard !loops.isEmpty else { return fallback(statement, at: location) }
            loops[loops.count - 1].continues.append(emit(Instruction(.jump, 0), at: location))
        case .return(let value, let location):
            returnValue(value, at: location)
        case .function(let variable, let declaration):
            functions.append(declaration)
            let index = functions.count - 1
            write(variable) { generator, register in
                generator.emit(Instruction(.makeClosure, register, 0, index), at: declaration.location)
            }
        case .try(let body, let errorVariable, _):
            fallback(statement, at: body.first.map(Self.location) ?? errorVariable.location)
        }
    }

    /// A loop, with its test after its body: a jump to the test, the body, then the test,
    /// which jumps back to the body's start while the loop goes on. A turn so takes one
    /// jump, not two. `continue` goes to the test, `break` past it.
    private mutating func loop(body: (inout CodeGenerator) -> Void, test: (inout CodeGenerator, _ bodyStart: Int) -> Void) {
        let toTest = emit(Instruction(.jump, 0), at: locations.last ?? .unknown)
        let bodyStart = code.count
        loops.append(Loop())
        body(&self)
        let finished = loops.removeLast()
        patch([toTest] + finished.continues)
        test(&self, bodyStart)
        patch(finished.breaks)
    }

    /// `for x in xs where c < … >`. Four registers hold the loop's state (see `forPrepare`).
    private mutating func forLoop(_ variable: Variable, _ iterable: Expr, _ condition: Expr?, _ body: [Stmt]) {
        let state = temporaries(4)
        expression(iterable, into: state)
        emit(Instruction(.forPrepare, 0, state), at: iterable.location)
        let element = register(of: variable)
        loop(body: { generator in
            // A filtered-out element goes straight to the test for the next one.
            let skip = condition.map { generator.jumps(unless: $0) } ?? []
            generator.block(body)
            generator.patch(skip)
        }, test: { generator, bodyStart in
            generator.emit(Instruction(.forNext, bodyStart, state, element), at: iterable.location)
        })
    }

    /// A declared variable's register (a temporary for one the resolver left unresolved,
    /// whose value is then never read).
    private mutating func register(of variable: Variable) -> Int {
        switch variable.slot {
        case .local(let slot): slot
        case .global(let slot): ~slot
        case .unresolved: temporary()
        }
    }

    /// Evaluates `value` into a declared variable (`let`).
    private mutating func store(_ value: Expr, into variable: Variable) {
        write(variable) { generator, register in generator.expression(value, into: register) }
    }

    /// Runs `produce` to put a value in the register of `variable`.
    private mutating func write(_ variable: Variable, produce: (inout CodeGenerator, Int) -> Void) {
        produce(&self, register(of: variable))
    }

    private mutating func assign(_ value: Expr, to target: Expr, at location: SourceLocation) {
        if case .binary(.add, let left, let right, let addLocation) = value, addsInPlace(target, left, right, at: addLocation) {
            return
        }
        switch target {
        case .local(let slot, _):
            expression(value, into: slot)
        case .captured(let depth, let slot, _):
            let register = temporary()
            expression(value, into: register)
            emit(Instruction(.setCaptured, depth, slot, register), at: location)
        case .global(let slot, _):
            expression(value, into: ~slot)
        case .member(let object, let name, let memberLocation):
            // The value is evaluated before the object, as the tree reads.
            let valueRegister = Self.isPure(object) ? operand(value) : temporary(holding: value)
            let objectRegister = operand(object)
            emit(Instruction(.setMember, objectRegister, valueRegister, member(name)), at: memberLocation)
        case .index(let object, let index, let indexLocation):
            let pure = Self.isPure(object) && Self.isPure(index)
            let valueRegister = pure ? operand(value) : temporary(holding: value)
            let objectRegister = Self.isPure(index) ? operand(object) : temporary(holding: object)
            let indexRegister = operand(index)
            emit(Instruction(.setIndex, objectRegister, indexRegister, valueRegister), at: indexLocation)
        default:
            fallback(.assign(target: target, value: value, location), at: location)
        }
    }

    /// `x = x + e` on a local or global variable: appends to a string in place (see
    /// `InPlaceAdd`). The variable is read before `e` is evaluated, as the tree reads: when
    /// `e` might change it (a call), its value is copied aside first.
    private mutating func addsInPlace(_ target: Expr, _ left: Expr, _ right: Expr, at location: SourceLocation) -> Bool {
        let variable: Int
        switch (target, left) {
        case (.local(let slot, _), .local(let same, _)) where slot == same: variable = slot
        case (.global(let slot, _), .global(let same, _)) where slot == same: variable = ~slot
        default: return false
        }
        let pure = Self.isPure(right)
        let leftRegister = pure ? variable : temporary(holding: left)
        let rightRegister = operand(right)
        emit(Instruction(.addInPlace, variable, rightRegister, leftRegister, when: !pure), at: location)
        return true
    }

    // MARK: - Conditions

    /// Jumps for when `condition` is false; they are to be patched to where that goes.
    private mutating func jumps(unless condition: Expr) -> [Int] {
        jumps(when: false, condition, test: .condition)
    }

    /// Emits jumps taken when `expr` gives `when`, and falls through otherwise. Comparisons
    /// jump directly on their operands; `and`/`or` jump around their operands.
    private mutating func jumps(when: Bool, _ expr: Expr, test: TruthTest) -> [Int] {
        let mark = nextRegister
        defer { release(to: mark) }
        if interpreter.stackGuard.isExhausted { return valueJumps(when: when, expr, test: test) }
        switch expr {
        case .binary(let op, let left, let right, let location) where op.isOrdering || op == .equal || op == .notEqual:
            if case .literal(.int(let constant), _) = right, let small = Int32(exactly: constant) {
                let leftRegister = operand(left)
                return [emit(Instruction(.compareConstantJump, 0, leftRegister, Int(small), binary: op, when: when), at: location)]
            }
            let leftRegister = Self.isPure(right) ? operand(left) : temporary(holding: left)
            let rightRegister = operand(right)
            return [emit(Instruction(.compareJump, 0, leftRegister, rightRegister, binary: op, when: when), at: location)]
        case .and(let left, let right, _):
            if when {
                // Jump when both hold: skip the right side when the left fails.
                let leftFails = jumps(when: false, left, test: .and)
                let bothHold = jumps(when: true, right, test: .and)
                patch(leftFails)
                return bothHold
            }
            return jumps(when: false, left, test: .and) + jumps(when: false, right, test: .and)
        case .or(let left, let right, _):
            if when { return jumps(when: true, left, test: .or) + jumps(when: true, right, test: .or) }
            let leftHolds = jumps(when: true, left, test: .or)
            let bothFail = jumps(when: false, right, test: .or)
            patch(leftHolds)
            return bothFail
        default:
            return valueJumps(when: when, expr, test: test)
        }
    }

    /// The jump for any other expression: its value must be a bool.
    private mutating func valueJumps(when: Bool, _ expr: Expr, test: TruthTest) -> [Int] {
        let register = operand(expr)
        return [emit(Instruction(.testJump, 0, register, Int(test.rawValue), when: when), at: expr.location)]
    }

    // MARK: - Expressions

    /// The register holding `expr`'s value: a variable's own, or a temporary.
    private mutating func operand(_ expr: Expr) -> Int {
        switch expr {
        case .local(let slot, _): slot
        case .global(let slot, _): ~slot
        default: temporary(holding: expr)
        }
    }

    private mutating func temporary(holding expr: Expr) -> Int {
        let register = temporary()
        expression(expr, into: register)
        return register
    }

    /// Whether evaluating `expr` can change no variable: no call in it. An operand read
    /// from a variable's own register must not be changed by what is evaluated after it.
    static func isPure(_ expr: Expr) -> Bool {
        switch expr {
        case .literal, .local, .captured, .global, .name, .function:
            return true
        case .binary(_, let left, let right, _), .and(let left, let right, _), .or(let left, let right, _),
             .index(let left, let right, _):
            return isPure(left) && isPure(right)
        case .unary(_, let operand, _), .member(let operand, _, _):
            return isPure(operand)
        case .interpolated(let parts, _):
            return parts.allSatisfy {
                if case .expression(let inner) = $0 { return isPure(inner) }
                return true
            }
        case .list(let elements, _):
            return elements.allSatisfy(isPure)
        case .map(let entries, _):
            return entries.allSatisfy { isPure($0.key) && isPure($0.value) }
        case .call, .comprehension:
            return false
        }
    }

    /// Emits code that leaves `expr`'s value in `register`, written by its last instruction.
    private mutating func expression(_ expr: Expr, into register: Int) {
        // Generating recurses as deep as the tree: a tree too tall for the stack becomes
        // an error when it runs instead of a crash now.
        if interpreter.stackGuard.isExhausted { return fallback(expr, into: register) }
        let mark = nextRegister
        defer { release(to: mark) }
        switch expr {
        case .literal(let value, let location):
            if case .int(let integer) = value, let small = Int32(exactly: integer) {
                emit(Instruction(.loadInteger, register, Int(small)), at: location)
            } else {
                emit(Instruction(.loadConstant, register, constant(value)), at: location)
            }
        case .local(let slot, let location):
            if slot != register { emit(Instruction(.move, register, slot), at: location) }
        case .captured(let depth, let slot, let location):
            emit(Instruction(.getCaptured, register, depth, slot), at: location)
        case .global(let slot, let location):
            if ~slot != register { emit(Instruction(.move, register, ~slot), at: location) }
        case .name:
            fallback(expr, into: register)
        case .comprehension(let comprehension):
            self.comprehension(comprehension, into: register)
        case .binary(let op, let left, let right, let location):
            if case .literal(.int(let constant), _) = right, let small = Int32(exactly: constant) {
                let leftRegister = operand(left)
                emit(Instruction(.arithmeticConstant, register, leftRegister, Int(small), binary: op), at: location)
                return
            }
            let leftRegister: Int
            if Self.isPure(right) {
                leftRegister = operand(left)
            } else if register >= variableCount {
                // A temporary destination is this expression's own until its last instruction:
                // the left side can wait there while the right side is evaluated.
                expression(left, into: register)
                leftRegister = register
            } else {
                leftRegister = temporary(holding: left)
            }
            let rightRegister = operand(right)
            emit(Instruction(.arithmetic, register, leftRegister, rightRegister, binary: op), at: location)
        case .and(_, _, let location), .or(_, _, let location):
            let falseJumps = jumps(when: false, expr, test: .condition)
            emit(Instruction(.loadConstant, register, constant(.bool(true))), at: location)
            let end = emit(Instruction(.jump, 0), at: location)
            patch(falseJumps)
            emit(Instruction(.loadConstant, register, constant(.bool(false))), at: location)
            patch(end)
        case .unary(let op, let operandExpr, let location):
            let operandRegister = operand(operandExpr)
            emit(Instruction(.unary, register, operandRegister, binary: op == .negate ? .subtract : .add), at: location)
        case .call(let callee, let arguments, let location):
            call(callee, arguments, into: register, at: location)
        case .member(let object, let name, let location):
            let objectRegister = operand(object)
            emit(Instruction(.getMember, register, objectRegister, member(name)), at: location)
        case .index(let object, let index, let location):
            let objectRegister = Self.isPure(index) ? operand(object) : temporary(holding: object)
            let indexRegister = operand(index)
            emit(Instruction(.getIndex, register, objectRegister, indexRegister), at: location)
        case .interpolated(let parts, let location):
            interpolation(parts, into: register, at: location)
        case .list(let elements, let location):
            let first = evaluateInOrder(elements)
            emit(Instruction(.makeList, register, first, elements.count), at: location)
        case .map(let entries, let location):
            guard let keys = Self.distinctLiteralKeys(entries) else { return fallback(expr, into: register) }
            let first = evaluateInOrder(entries.map(\.value))
            keySets.append(keys)
            emit(Instruction(.makeRecord, register, first, keySets.count - 1), at: location)
        case .function(let declaration):
            functions.append(declaration)
            emit(Instruction(.makeClosure, register, 0, functions.count - 1), at: declaration.location)
        }
    }

    /// `[e for x in xs where c]`: a `for` loop that appends to a list made beforehand.
    private mutating func comprehension(_ comprehension: Comprehension, into register: Int) {
        let list = temporary()
        emit(Instruction(.makeList, list, 0, 0), at: comprehension.location)
        let state = temporaries(4)
        expression(comprehension.iterable, into: state)
        emit(Instruction(.forPrepare, 0, state), at: comprehension.iterable.location)
        let variable = self.register(of: comprehension.variable)
        // `[for x in xs where c]` keeps the element itself: when the condition could change
        // the variable (a call), the element is taken into a register of its own first.
        let keepsCopy = comprehension.element == nil && !(comprehension.condition.map(Self.isPure) ?? true)
        let element = keepsCopy ? temporary() : variable
        let toTest = emit(Instruction(.jump, 0), at: comprehension.location)
        let bodyStart = code.count
        if keepsCopy { emit(Instruction(.move, variable, element), at: comprehension.location) }
        let skip = comprehension.condition.map { jumps(unless: $0) } ?? []
        let value = comprehension.element.map { operand($0) } ?? element
        emit(Instruction(.appendElement, list, value), at: comprehension.location)
        patch([toTest] + skip)
        // A comprehension counts its steps at itself, not at what it goes over.
        emit(Instruction(.forNext, bodyStart, state, element), at: comprehension.location)
        emit(Instruction(.move, register, list), at: comprehension.location)
    }

    /// Evaluates `exprs` into consecutive temporaries, in order; gives the first.
    private mutating func evaluateInOrder(_ exprs: [Expr]) -> Int {
        let first = temporaries(exprs.count)
        for (offset, expr) in exprs.enumerated() { expression(expr, into: first + offset) }
        return first
    }

    private mutating func member(_ name: String) -> Int {
        members.append(MemberSite(name: name))
        return members.count - 1
    }

    private mutating func interpolation(_ parts: [InterpolationPart], into register: Int, at location: SourceLocation) {
        var pieces: [Template.Piece] = []
        var values: [Expr] = []
        for part in parts {
            switch part {
            case .text(let text):
                if case .text(let before)? = pieces.last { pieces[pieces.count - 1] = .text(before + text) } else { pieces.append(.text(text)) }
            case .expression(let inner):
                pieces.append(.value(values.count))
                values.append(inner)
            }
        }
        let first = temporaries(values.count)
        // A value is shown as it is when evaluated: when a later part could change it (a call
        // that pushes to a list shown earlier), it is turned into its text at once.
        let textAtOnce = !values.dropFirst().allSatisfy(Self.isPure)
        let asText = textAtOnce ? template([.value(0)]) : 0
        for (offset, value) in values.enumerated() {
            expression(value, into: first + offset)
            if textAtOnce { emit(Instruction(.interpolate, first + offset, first + offset, asText), at: value.location) }
        }
        emit(Instruction(.interpolate, register, first, template(pieces)), at: location)
    }

    private mutating func template(_ pieces: [Template.Piece]) -> Int {
        templates.append(Template(pieces: pieces))
        return templates.count - 1
    }

    /// A call: the function, then its arguments in the registers right after it.
    private mutating func call(_ callee: Expr, _ arguments: [Argument], into register: Int, at location: SourceLocation) {
        let positional = arguments.allSatisfy { $0.label == nil }
        if positional, case .global(let slot, _) = callee, arguments.allSatisfy({ Self.isPure($0.value) }) {
            // `fib(n - 1)`: the function is called from its variable, not copied out first
            // (the arguments cannot change the variable: the function is read after them).
            let first = evaluateInOrder(arguments.map(\.value))
            emit(Instruction(.callVariable, register, first, ~slot, count: arguments.count), at: location)
            return
        }
        let base = temporaries(1 + arguments.count)
        expression(callee, into: base)
        for (offset, argument) in arguments.enumerated() { expression(argument.value, into: base + 1 + offset) }
        if positional {
            emit(Instruction(.call, register, base, count: arguments.count), at: location)
        } else {
            callSites.append(CallSite(labels: arguments.map(\.label), locations: arguments.map(\.location)))
            emit(Instruction(.callNamed, register, base, callSites.count - 1, count: arguments.count), at: location)
        }
    }

    /// The keys of a map literal whose keys are all written as distinct names or plain
    /// strings (`{id: 1, "status": s}`), or nil when some key is computed or repeated.
    static func distinctLiteralKeys(_ entries: [(key: Expr, value: Expr)]) -> [String]? {
        var keys: [String] = []
        for entry in entries {
            guard case .literal(.string(let key), _) = entry.key, !keys.contains(key) else { return nil }
            keys.append(key)
        }
        return keys
    }

    private static func location(_ statement: Stmt) -> SourceLocation {
        switch statement {
        case .expression(let expr), .let(_, let expr), .assign(_, let expr, _): expr.location
        case .if(let branches, _): branches.first?.condition.location ?? .unknown
        case .while(let condition, _): condition.location
        case .for(let variable, _, _, _): variable.location
        case .break(let location), .continue(let location), .return(_, let location): location
        case .function(_, let declaration): declaration.location
        case .try(_, let variable, _): variable.location
        }
    }
}
