/// Binds every name to the slot it lives in, before anything runs.
///
/// Top-level declarations become globals; everything else (function parameters, `let`s in
/// blocks, loop variables) gets a slot in its function's frame, numbered uniquely within the
/// function so that a closure never sees a slot reused by another variable. A variable of an
/// enclosing function is reached by walking `depth` frames up the closure chain.
///
/// Function bodies are resolved when the block that declares them ends, so a function may
/// call functions and read variables declared later in the same block (mutual recursion).
public struct Resolver {
    private let globals: GlobalScope
    private var functions: [FunctionScope] = []
    private var diagnostics: [Diagnostic] = []

    private struct FunctionScope {
        var blocks: [Block] = []
        var slotCount = 0
        /// How many loops enclose the current statement within this function: `break` and
        /// `continue` need one (a loop outside the function does not count).
        var loopDepth = 0
    }

    private struct Block {
        var names: [String: Int] = [:]
        /// Functions declared in this block, resolved when it ends.
        var pending: [FunctionDecl] = []
    }

    public init(globals: GlobalScope) {
        self.globals = globals
    }

    /// Resolves top-level code. Returns the rewritten statements and how many frame slots
    /// top-level code needs for its block-local variables.
    public static func resolve(_ program: [Stmt], globals: GlobalScope) -> (statements: [Stmt], slotCount: Int, diagnostics: [Diagnostic]) {
        var resolver = Resolver(globals: globals)
        resolver.functions = [FunctionScope(blocks: [Block()])]
        resolver.hoistFunctions(program)
        let statements = program.map { resolver.statement($0) }
        resolver.endBlock()
        return (statements, resolver.functions[0].slotCount, resolver.diagnostics)
    }

    // MARK: - Scopes

    private var atTopLevel: Bool { functions.count == 1 && functions[0].blocks.count == 1 }

    private mutating func beginBlock() { functions[functions.count - 1].blocks.append(Block()) }

    private mutating func endBlock() {
        let pending = functions[functions.count - 1].blocks[functions[functions.count - 1].blocks.count - 1].pending
        for declaration in pending { resolveBody(of: declaration) }
        functions[functions.count - 1].blocks.removeLast()
    }

    private mutating func declare(_ variable: inout Variable) {
        if atTopLevel {
            guard let slot = globals.declare(variable.name) else {
                report("'\(variable.name)' is already declared", at: variable.location,
                       notes: ["use '\(variable.name) = …' to assign a new value"])
                variable.slot = .global(globals.slot(of: variable.name) ?? 0)
                return
            }
            variable.slot = .global(slot)
            return
        }
        let f = functions.count - 1, b = functions[f].blocks.count - 1
        if functions[f].blocks[b].names[variable.name] != nil {
            report("'\(variable.name)' is already declared in this block", at: variable.location,
                   notes: ["use '\(variable.name) = …' to assign a new value"])
        }
        let slot = functions[f].slotCount
        functions[f].slotCount += 1
        functions[f].blocks[b].names[variable.name] = slot
        variable.slot = .local(slot)
    }

    /// Declares the block's `fn` statements up front so they can call each other.
    ///
    /// A `fn` whose name a `let` of the same block also declares is not hoisted, so that the
    /// "already declared" error points at whichever of the two comes second.
    private mutating func hoistFunctions(_ statements: [Stmt]) {
        var letNames: [String: SourceLocation] = [:]
        for case .let(let variable, _) in statements where letNames[variable.name] == nil {
            letNames[variable.name] = variable.location
        }
        var functionNames: [String: SourceLocation] = [:]
        for case .function(var variable, _) in statements {
            if let earlier = functionNames[variable.name] {
                report("'\(variable.name)' is already declared", at: variable.location,
                       notes: ["the function at line \(earlier.line) has this name"])
                continue
            }
            functionNames[variable.name] = variable.location
            if let letLocation = letNames[variable.name] {
                if letLocation.offset < variable.location.offset {
                    report("'\(variable.name)' is already declared", at: variable.location,
                           notes: ["the 'let' at line \(letLocation.line) declares it; a function needs a name of its own"])
                }
                continue
            }
            if atTopLevel {
                if let slot = globals.slot(of: variable.name), !globals.isBuiltin(slot) { continue }
            } else if functions[functions.count - 1].blocks.last?.names[variable.name] != nil {
                continue
            }
            declare(&variable)
        }
    }

    private func lookup(_ name: String, at location: SourceLocation) -> Expr? {
        for (depth, function) in functions.reversed().enumerated() {
            for block in function.blocks.reversed() {
                if let slot = block.names[name] {
                    return depth == 0 ? .local(slot: slot, location) : .captured(depth: depth, slot: slot, location)
                }
            }
        }
        if let slot = globals.slot(of: name) { return .global(slot: slot, location) }
        return nil
    }

    private mutating func report(_ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(Diagnostic(.syntax, message, at: location, notes: notes))
    }

    private func visibleNames() -> [String] {
        var names = globals.visibleNames
        for function in functions { for block in function.blocks { names += block.names.keys } }
        return names
    }

    private mutating func undefined(_ name: String, at location: SourceLocation, assigning: Bool) {
        var notes: [String] = []
        if let suggestion = Spelling.closest(to: name, among: visibleNames()) {
            notes.append("did you mean '\(suggestion)'?")
        }
        if assigning { notes.append("declare it first with 'let \(name) = …'") }
        report(assigning ? "cannot assign to undeclared name '\(name)'" : "undefined name '\(name)'",
               at: location, notes: notes)
    }

    // MARK: - Functions

    private mutating func resolveBody(of declaration: FunctionDecl) {
        var scope = FunctionScope(blocks: [Block()])
        for parameter in declaration.parameters {
            scope.blocks[0].names[parameter.name] = scope.slotCount
            scope.slotCount += 1
        }
        functions.append(scope)
        hoistFunctions(declaration.body)
        declaration.body = declaration.body.map { statement($0) }
        endBlock()
        declaration.slotCount = functions.removeLast().slotCount
    }

    private mutating func deferBody(_ declaration: FunctionDecl) {
        let f = functions.count - 1
        functions[f].blocks[functions[f].blocks.count - 1].pending.append(declaration)
    }

    // MARK: - Statements

    private mutating func block(_ statements: [Stmt]) -> [Stmt] {
        beginBlock()
        hoistFunctions(statements)
        let resolved = statements.map { statement($0) }
        endBlock()
        return resolved
    }

    private mutating func loopBody(_ statements: [Stmt]) -> [Stmt] {
        functions[functions.count - 1].loopDepth += 1
        defer { functions[functions.count - 1].loopDepth -= 1 }
        return block(statements)
    }

    private mutating func statement(_ statement: Stmt) -> Stmt {
        switch statement {
        case .expression(let expr):
            return .expression(expression(expr))
        case .let(var variable, let value):
            let resolvedValue = expression(value)
            declare(&variable)
            return .let(variable, resolvedValue)
        case .assign(let target, let value, let location):
            let resolvedTarget: Expr
            if case .name(let name, let nameLocation) = target {
                if let found = lookup(name, at: nameLocation) {
                    if case .global(let slot, _) = found, globals.isBuiltin(slot) {
                        report("cannot assign to the built-in '\(name)'", at: nameLocation,
                               notes: ["declare your own with 'let \(name) = …'"])
                    }
                    resolvedTarget = found
                } else {
                    undefined(name, at: nameLocation, assigning: true)
                    resolvedTarget = target
                }
            } else {
                resolvedTarget = expression(target)
            }
            return .assign(target: resolvedTarget, value: expression(value), location)
        case .if(let branches, let otherwise):
            return .if(branches: branches.map { (expression($0.condition), block($0.body)) },
                       otherwise: otherwise.map { block($0) })
        case .while(let condition, let body):
            let resolvedCondition = expression(condition)
            return .while(condition: resolvedCondition, body: loopBody(body))
        case .for(var variable, let iterable, let condition, let body):
            let resolvedIterable = expression(iterable)
            beginBlock()
            declare(&variable)
            let resolvedCondition = condition.map { expression($0) }
            let resolvedBody = loopBody(body)
            endBlock()
            return .for(variable: variable, iterable: resolvedIterable, condition: resolvedCondition, body: resolvedBody)
        case .break(let location), .continue(let location):
            if functions[functions.count - 1].loopDepth == 0 {
                let keyword = if case .break = statement { "break" } else { "continue" }
                report("'\(keyword)' outside a loop", at: location,
                       notes: functions.count > 1 ? ["a function body is not part of the loop that calls it"] : [])
            }
            return statement
        case .return(let value, let location):
            if functions.count == 1 {
                report("'return' outside a function", at: location, notes: ["use exit(code) to end a script"])
            }
            return .return(value.map { expression($0) }, location)
        case .function(var variable, let declaration):
            if let existing = lookup(variable.name, at: variable.location) {
                switch existing {
                case .local(let slot, _): variable.slot = .local(slot)
                case .global(let slot, _): variable.slot = .global(slot)
                default: declare(&variable)
                }
            } else {
                declare(&variable)
            }
            deferBody(declaration)
            return .function(variable, declaration)
        case .try(let body, var errorVariable, let handler):
            let resolvedBody = block(body)
            beginBlock()
            declare(&errorVariable)
            let resolvedHandler = block(handler)
            endBlock()
            return .try(body: resolvedBody, errorVariable: errorVariable, handler: resolvedHandler)
        }
    }

    // MARK: - Expressions

    private mutating func expression(_ expr: Expr) -> Expr {
        switch expr {
        case .literal, .local, .captured, .global:
            return expr
        case .name(let name, let location):
            if let found = lookup(name, at: location) { return found }
            undefined(name, at: location, assigning: false)
            return expr
        case .interpolated(let parts, let location):
            return .interpolated(parts.map {
                if case .expression(let inner) = $0 { return .expression(expression(inner)) }
                return $0
            }, location)
        case .list(let elements, let location):
            return .list(elements.map { expression($0) }, location)
        case .map(let entries, let location):
            return .map(entries.map { (expression($0.key), expression($0.value)) }, location)
        case .unary(let op, let operand, let location):
            return .unary(op, expression(operand), location)
        case .binary(let op, let left, let right, let location):
            return .binary(op, expression(left), expression(right), location)
        case .and(let left, let right, let location):
            return .and(expression(left), expression(right), location)
        case .or(let left, let right, let location):
            return .or(expression(left), expression(right), location)
        case .call(let callee, let arguments, let location):
            return .call(expression(callee), arguments.map {
                Argument(label: $0.label, value: expression($0.value), location: $0.location)
            }, location)
        case .member(let object, let name, let location):
            return .member(expression(object), name, location)
        case .index(let object, let index, let location):
            return .index(expression(object), expression(index), location)
        case .function(let declaration):
            deferBody(declaration)
            return expr
        case .comprehension(var comprehension):
            comprehension.iterable = expression(comprehension.iterable)
            beginBlock()
            declare(&comprehension.variable)
            comprehension.condition = comprehension.condition.map { expression($0) }
            comprehension.element = comprehension.element.map { expression($0) }
            endBlock()
            return .comprehension(comprehension)
        }
    }
}

/// "Did you mean": the closest name by edit distance, if it is close enough to be a typo.
public enum Spelling {
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in Set(candidates) where candidate != name {
            let distance = editDistance(Array(name), Array(candidate))
            if distance <= limit, distance < (best?.distance ?? Int.max) || (distance == best?.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Damerau-Levenshtein (optimal string alignment): a swapped pair of neighbours is one typo.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = row
        }
        return previous[b.count]
    }
}
