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
    /// False for `djs check`, which wants only the errors: names are then looked up and
    /// reported exactly as when resolving, but no rewritten tree is built (building it
    /// allocated a second copy of every node, most of the cost of resolving).
    private let rewrites: Bool
    private var functions: [FunctionScope] = []
    private var diagnostics: [Diagnostic] = []
    /// Every local variable of the open blocks, in the order declared: a block's variables are
    /// the bindings from its `firstBinding` to the end, since inner blocks have closed.
    private var bindings = LocalBindings()

    private struct FunctionScope {
        var blocks: [Block] = []
        var slotCount = 0
        /// How many loops enclose the current statement within this function: `break` and
        /// `continue` need one (a loop outside the function does not count).
        var loopDepth = 0
    }

    private struct Block {
        /// Where this block's variables start in `bindings`.
        var firstBinding: Int
        /// Functions declared in this block, resolved when it ends.
        var pending: [FunctionDecl] = []
    }

    private init(globals: GlobalScope, rewrites: Bool) {
        self.globals = globals
        self.rewrites = rewrites
    }

    /// Resolves top-level code. Returns the rewritten statements and how many frame slots
    /// top-level code needs for its block-local variables.
    public static func resolve(_ program: [Stmt], globals: GlobalScope) -> (statements: [Stmt], slotCount: Int, diagnostics: [Diagnostic]) {
        var resolver = Resolver(globals: globals, rewrites: true)
        let statements = resolver.program(program)
        return (statements, resolver.functions[0].slotCount, resolver.diagnostics)
    }

    /// The errors `resolve` would report, without building the resolved tree. Top-level
    /// declarations are still added to `globals`.
    public static func check(_ program: [Stmt], globals: GlobalScope) -> [Diagnostic] {
        var resolver = Resolver(globals: globals, rewrites: false)
        _ = resolver.program(program)
        return resolver.diagnostics
    }

    private mutating func program(_ program: [Stmt]) -> [Stmt] {
        functions = [FunctionScope(blocks: [Block(firstBinding: 0)])]
        hoistFunctions(program)
        let statements = statements(program)
        endBlock()
        return statements
    }

    // MARK: - Scopes

    private var atTopLevel: Bool { functions.count == 1 && functions[0].blocks.count == 1 }

    private mutating func beginBlock() {
        functions[functions.count - 1].blocks.append(Block(firstBinding: bindings.count))
    }

    private mutating func endBlock() {
        let pending = functions[functions.count - 1].blocks[functions[functions.count - 1].blocks.count - 1].pending
        for declaration in pending { resolveBody(of: declaration) }
        let block = functions[functions.count - 1].blocks.removeLast()
        bindings.removeAll(after: block.firstBinding)
    }

    /// Whether the innermost open block declares `name`.
    private func currentBlockDeclares(_ name: String) -> Bool {
        guard let index = bindings.innermost(name), let block = functions.last?.blocks.last else { return false }
        return index >= block.firstBinding
    }

    /// Makes `name` a variable of the innermost open block, in `slot` of its function.
    private mutating func bind(_ name: String, slot: Int) {
        bindings.add(name, function: functions.count - 1, slot: slot)
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
        if currentBlockDeclares(variable.name) {
            report("'\(variable.name)' is already declared in this block", at: variable.location,
                   notes: ["use '\(variable.name) = …' to assign a new value"])
        }
        let f = functions.count - 1
        let slot = functions[f].slotCount
        functions[f].slotCount += 1
        bind(variable.name, slot: slot)
        variable.slot = .local(slot)
    }

    /// Declares the block's `fn` statements up front so they can call each other.
    ///
    /// A `fn` whose name a `let` of the same block also declares is not hoisted, so that the
    /// "already declared" error points at whichever of the two comes second.
    private mutating func hoistFunctions(_ statements: [Stmt]) {
        // Most blocks declare no function: then there is nothing to hoist or compare.
        guard statements.contains(where: { if case .function = $0 { true } else { false } }) else { return }
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
            } else if currentBlockDeclares(variable.name) {
                continue
            }
            declare(&variable)
        }
    }

    /// Where a name lives, found before any node is built for it.
    private enum Place {
        case local(slot: Int)
        case captured(depth: Int, slot: Int)
        case global(slot: Int)

        func expression(at location: SourceLocation) -> Expr {
            switch self {
            case .local(let slot): .local(slot: slot, location)
            case .captured(let depth, let slot): .captured(depth: depth, slot: slot, location)
            case .global(let slot): .global(slot: slot, location)
            }
        }
    }

    private func place(of name: String) -> Place? {
        if let index = bindings.innermost(name) {
            let binding = bindings[index]
            let depth = functions.count - 1 - binding.function
            return depth == 0 ? .local(slot: binding.slot) : .captured(depth: depth, slot: binding.slot)
        }
        if let slot = globals.slot(of: name) { return .global(slot: slot) }
        return nil
    }

    private mutating func report(_ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(Diagnostic(.syntax, message, at: location, notes: notes))
    }

    private func visibleNames() -> [String] {
        globals.visibleNames + bindings.names
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
        functions.append(FunctionScope(blocks: [Block(firstBinding: bindings.count)]))
        for parameter in declaration.parameters {
            bind(parameter.name, slot: functions[functions.count - 1].slotCount)
            functions[functions.count - 1].slotCount += 1
        }
        hoistFunctions(declaration.body)
        let body = statements(declaration.body)
        if rewrites { declaration.body = body }
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
        let resolved = self.statements(statements)
        endBlock()
        return resolved
    }

    /// Each statement resolved, in order (when not `rewrites`, only visited: `statements` back).
    private mutating func statements(_ statements: [Stmt]) -> [Stmt] {
        guard rewrites else {
            for statement in statements { _ = self.statement(statement) }
            return statements
        }
        return statements.map { statement($0) }
    }


    private mutating func loopBody(_ statements: [Stmt]) -> [Stmt] {
        functions[functions.count - 1].loopDepth += 1
        defer { functions[functions.count - 1].loopDepth -= 1 }
        return block(statements)
    }

    private mutating func statement(_ statement: Stmt) -> Stmt {
        switch statement {
        case .expression(let expr):
            let resolved = expression(expr)
            return rewrites ? .expression(resolved) : statement
        case .let(var variable, let value):
            let resolvedValue = expression(value)
            declare(&variable)
            return rewrites ? .let(variable, resolvedValue) : statement
        case .assign(let target, let value, let location):
            let resolvedTarget: Expr
            if case .name(let name, let nameLocation) = target {
                if let found = place(of: name) {
                    if case .global(let slot) = found, globals.isBuiltin(slot) {
                        report("cannot assign to the built-in '\(name)'", at: nameLocation,
                               notes: ["declare your own with 'let \(name) = …'"])
                    }
                    resolvedTarget = rewrites ? found.expression(at: nameLocation) : target
                } else {
                    undefined(name, at: nameLocation, assigning: true)
                    resolvedTarget = target
                }
            } else {
                resolvedTarget = expression(target)
            }
            let resolvedValue = expression(value)
            return rewrites ? .assign(target: resolvedTarget, value: resolvedValue, location) : statement
        case .if(let branches, let otherwise):
            guard rewrites else {
                for branch in branches { _ = expression(branch.condition); _ = block(branch.body) }
                if let otherwise { _ = block(otherwise) }
                return statement
            }
            return .if(branches: branches.map { (expression($0.condition), block($0.body)) },
                       otherwise: otherwise.map { block($0) })
        case .while(let condition, let body):
            let resolvedCondition = expression(condition)
            let resolvedBody = loopBody(body)
            return rewrites ? .while(condition: resolvedCondition, body: resolvedBody) : statement
        case .for(var variable, let iterable, let condition, let body):
            let resolvedIterable = expression(iterable)
            beginBlock()
            declare(&variable)
            let resolvedCondition = condition.map { expression($0) }
            let resolvedBody = loopBody(body)
            endBlock()
            guard rewrites else { return statement }
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
            let resolvedValue = value.map { expression($0) }
            return rewrites ? .return(resolvedValue, location) : statement
        case .function(var variable, let declaration):
            if let existing = place(of: variable.name) {
                switch existing {
                case .local(let slot): variable.slot = .local(slot)
                case .global(let slot): variable.slot = .global(slot)
                case .captured: declare(&variable)
                }
            } else {
                declare(&variable)
            }
            deferBody(declaration)
            return rewrites ? .function(variable, declaration) : statement
        case .try(let body, var errorVariable, let handler):
            let resolvedBody = block(body)
            beginBlock()
            declare(&errorVariable)
            let resolvedHandler = block(handler)
            endBlock()
            guard rewrites else { return statement }
            return .try(body: resolvedBody, errorVariable: errorVariable, handler: resolvedHandler)
        }
    }

    // MARK: - Expressions

    /// Resolves `expr`; for `check` (not `rewrites`), only visits it and gives `expr` back.
    private mutating func expression(_ expr: Expr) -> Expr {
        guard rewrites else {
            visit(expr)
            return expr
        }
        return rewritten(expr)
    }

    /// `expr` with every name replaced by its slot. Kept apart from `visit`: the tree walks
    /// recurse once per level of an expression (up to hundreds of thousands of levels in a
    /// long run of operators), so each keeps its own frame as small as it can.
    private mutating func rewritten(_ expr: Expr) -> Expr {
        switch expr {
        case .literal, .local, .captured, .global:
            return expr
        case .name(let name, let location):
            if let found = place(of: name) { return found.expression(at: location) }
            undefined(name, at: location, assigning: false)
            return expr
        case .interpolated(let parts, let location):
            return .interpolated(parts.map {
                if case .expression(let inner) = $0 { return .expression(rewritten(inner)) }
                return $0
            }, location)
        case .list(let elements, let location):
            return .list(elements.map { rewritten($0) }, location)
        case .map(let entries, let location):
            return .map(entries.map { (rewritten($0.key), rewritten($0.value)) }, location)
        case .unary(let op, let operand, let location):
            return .unary(op, rewritten(operand), location)
        case .binary(let op, let left, let right, let location):
            return .binary(op, rewritten(left), rewritten(right), location)
        case .and(let left, let right, let location):
            return .and(rewritten(left), rewritten(right), location)
        case .or(let left, let right, let location):
            return .or(rewritten(left), rewritten(right), location)
        case .call(let callee, let arguments, let location):
            return .call(rewritten(callee), arguments.map {
                Argument(label: $0.label, value: rewritten($0.value), location: $0.location)
            }, location)
        case .member(let object, let name, let location):
            return .member(rewritten(object), name, location)
        case .index(let object, let index, let location):
            return .index(rewritten(object), rewritten(index), location)
        case .function(let declaration):
            deferBody(declaration)
            return expr
        case .comprehension(var comprehension):
            comprehension.iterable = rewritten(comprehension.iterable)
            beginBlock()
            declare(&comprehension.variable)
            comprehension.condition = comprehension.condition.map { rewritten($0) }
            comprehension.element = comprehension.element.map { rewritten($0) }
            endBlock()
            return .comprehension(comprehension)
        }
    }

    /// What `rewritten` does to `expr`, in the same order, without building anything: the
    /// names are looked up and the same errors reported.
    private mutating func visit(_ expr: Expr) {
        switch expr {
        case .literal, .local, .captured, .global:
            return
        case .name(let name, let location):
            if place(of: name) == nil { undefined(name, at: location, assigning: false) }
        case .unary(_, let operand, _), .member(let operand, _, _):
            visit(operand)
        case .binary(_, let left, let right, _), .and(let left, let right, _), .or(let left, let right, _),
             .index(let left, let right, _):
            visit(left)
            visit(right)
        case .function(let declaration):
            deferBody(declaration)
        case .interpolated, .list, .map, .call, .comprehension:
            visitParts(of: expr)
        }
    }

    /// `visit` for the expressions with lists of parts, apart so that `visit`'s frame stays small.
    private mutating func visitParts(of expr: Expr) {
        switch expr {
        case .interpolated(let parts, _):
            for case .expression(let inner) in parts { visit(inner) }
        case .list(let elements, _):
            for element in elements { visit(element) }
        case .map(let entries, _):
            for entry in entries {
                visit(entry.key)
                visit(entry.value)
            }
        case .call(let callee, let arguments, _):
            visit(callee)
            for argument in arguments { visit(argument.value) }
        case .comprehension(var comprehension):
            visit(comprehension.iterable)
            beginBlock()
            declare(&comprehension.variable)
            if let condition = comprehension.condition { visit(condition) }
            if let element = comprehension.element { visit(element) }
            endBlock()
        default:
            visit(expr)
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
