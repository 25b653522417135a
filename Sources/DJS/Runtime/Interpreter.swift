import Foundation

/// Runs resolved programs. `CodeGenerator` turns the statements into register code (a
/// function's body when its first closure is made) and the register machine
/// (`execute`, in Machine.swift) runs it; this class holds the state they run against: the
/// globals, the step and call counters, the output and the job service.
///
/// Variables are registers (the resolver did the name lookups), so running does no
/// dictionary work. Errors unwind as `RuntimeError`s and collect a call trace on the way out
/// of each user function.
public final class Interpreter {
    public let globals: GlobalScope
    // Read on every global variable access: unchecked exclusivity drops a runtime access
    // check per access (no access to it ever spans a call).
    @exclusivity(unchecked) var globalValues = GlobalValues()
    public let output: OutputBuffer
    public let interrupt: InterruptFlag
    /// Job operations; nil until a Devo client, the simulator or a fake is attached.
    public var jobService: JobService?
    /// How bulk job calls behave: concurrency, confirmation, progress display.
    public var jobOptions = JobOptions()
    /// How `print`, `table` and the REPL's echo show values (`--format`, `:format`).
    public var outputFormat = OutputFormat.table
    /// How wide a `table`-format table may be, asked at each print (a terminal can be
    /// resized): nil for no limit (`--wide`, output that is not a terminal).
    public var tableWidth: () -> Int? = { nil }
    /// Reads `env("NAME")`. Injected so tests are hermetic.
    public var environment: [String: String]
    /// Nested user-function calls allowed before "too much recursion".
    @exclusivity(unchecked) public var maximumCallDepth = 5_000
    /// Loop iterations plus calls allowed (`--max-steps`); nil means no limit.
    @exclusivity(unchecked) public var maximumSteps: Int?
    @exclusivity(unchecked) private var steps = 0
    @exclusivity(unchecked) private var callDepth = 0
    /// Measured on the thread that runs the program, at the start of each run.
    private(set) var stackGuard = StackGuard()
    var regexCache: [String: NSRegularExpression] = [:]

    public init(output: OutputBuffer, environment: [String: String] = [:], arguments: [String] = [],
                interrupt: InterruptFlag = InterruptFlag(), allowsRedeclaration: Bool = false) {
        self.globals = GlobalScope(allowsRedeclaration: allowsRedeclaration)
        self.output = output
        self.environment = environment
        self.interrupt = interrupt
        Builtins.install(into: self, arguments: arguments)
    }

    deinit { globalValues.release() }

    /// Makes `name` a global holding `value` (how built-ins are installed).
    public func define(_ name: String, _ value: Value) {
        let slot = globals.declareBuiltin(name)
        ensureGlobalCapacity()
        globalValues[slot] = value
    }

    private func ensureGlobalCapacity() {
        globalValues.grow(to: globals.count)
    }

    /// Analyzes (`ProgramAnalysis`), compiles (`CodeGenerator`) and runs `source`. The value
    /// of a final expression statement is returned so that the REPL can echo it.
    public func run(_ source: SourceFile) throws -> Value? {
        let resolved = try ProgramAnalysis.analyze(source, globals: globals).get()
        ensureGlobalCapacity()
        // Measured before compiling, which recurses as deep as the tree: each run may be on
        // another thread (the REPL starts one per input).
        stackGuard = StackGuard()
        let program = CodeGenerator.program(resolved.statements, variableCount: resolved.slotCount, on: self)
        let frame = Frame(slotCount: program.chunk.registerCount, parent: nil)
        steps = 0
        callDepth = 0
        do {
            let value = try execute(program.chunk, in: frame)
            return program.hasResult ? value : nil
        } catch let error as RuntimeError {
            throw ProgramErrors(diagnostics: [error.diagnostic])
        }
    }

    // MARK: - Steps and loops

    /// How a statement compiled by the closure compiler ended.
    enum Flow {
        case normal
        case breakLoop(SourceLocation)
        case continueLoop(SourceLocation)
        case returned(Value)
    }

    /// Counts a step and honours Ctrl-C (every 1,024 steps) and `--max-steps`.
    @inline(__always)
    func tick(at location: SourceLocation) throws {
        steps &+= 1
        if steps & 0x3FF == 0 || maximumSteps != nil { try checkSteps(at: location) }
    }

    /// The same, for the register machine, which has the location at hand only by address:
    /// it is read when a check is due.
    @inline(__always)
    func tick(at location: UnsafePointer<SourceLocation>) throws {
        steps &+= 1
        if steps & 0x3FF == 0 || maximumSteps != nil { try checkSteps(at: location.pointee) }
    }

    @inline(never)
    private func checkSteps(at location: SourceLocation) throws {
        if steps & 0x3FF == 0, interrupt.isRaised { throw Interrupted(location: location) }
        if let maximumSteps, steps > maximumSteps {
            throw RuntimeError("the program ran more than \(maximumSteps) steps (--max-steps)", at: location)
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
            throw RuntimeError.cannotIterate(over: iterable, at: location)
        }
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
                // The service's message already names the operation and the job. A request
                // that failed because Ctrl-C cancelled it is the interrupt itself.
                if interrupt.isRaised { throw Interrupted(location: location) }
                throw RuntimeError(error.message, at: location)
            }
        default:
            throw RuntimeError("cannot call \(callee.typeName)", at: location)
        }
    }

    /// Calls a function value with one argument (key functions, predicates, `map`): a user
    /// function that takes one gets it in its new frame directly, without an argument array.
    public func call(_ callee: Value, _ argument: Value, at location: SourceLocation) throws -> Value {
        guard case .function(let closure) = callee, closure.compiled.parameterCount == 1 else {
            return try call(callee, [argument], named: [], at: location)
        }
        return try call(closure, at: location) { slots in slots[0] = argument }
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
        return try call(closure, at: location) { slots in
            for (index, value) in positional.enumerated() { slots[index] = value }
            var bound = positional.count
            for argument in named {
                guard let index = parameters.firstIndex(where: { $0.name == argument.label }) else {
                    throw RuntimeError("\(declaration.name)() has no parameter '\(argument.label)'", at: argument.location,
                                       notes: ["its parameters: " + parameters.map(\.name).joined(separator: ", ")])
                }
                guard index >= positional.count else {
                    throw RuntimeError("\(declaration.name)(): '\(argument.label)' was already given", at: argument.location)
                }
                slots[index] = argument.value
                bound += 1
            }
            guard bound == parameters.count else {
                let missing = parameters[positional.count...].map(\.name).filter { name in !named.contains { $0.label == name } }
                throw RuntimeError("\(declaration.name)() is missing argument\(missing.count == 1 ? "" : "s") " +
                                   missing.map { "'\($0)'" }.joined(separator: ", "), at: location)
            }
        }
    }

    /// Calls a user function: `fill` puts the arguments in the first slots of a frame for it
    /// (a spare one when there is one, all null), then the body runs, and the frame goes back
    /// to the function's spares unless a closure made in the call kept it.
    @inline(__always)
    func call(_ closure: Closure, at location: SourceLocation,
              filling fill: (UnsafeMutablePointer<Value>) throws -> Void) throws -> Value {
        let compiled = closure.compiled
        let frame = compiled.frame(parent: closure.captured)
        try fill(frame.slots)
        let result = try invoke(compiled, in: frame, at: location)
        compiled.recycle(frame)
        return result
    }

    /// Runs a user function whose arguments are already in `frame`.
    @inline(__always)
    func invoke(_ compiled: CompiledFunction, in frame: Frame, at location: SourceLocation) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        // The call count alone does not bound the stack: each call may nest expressions a few
        // hundred levels deep (5,000 such calls overflowed 512 MB).
        if callDepth > maximumCallDepth || stackGuard.isExhausted { throw tooMuchRecursion(at: location) }
        try tick(at: location)
        do {
            return try execute(compiled.chunk, in: frame)
        } catch let error as RuntimeError {
            throw Self.traced(error, through: compiled, at: location)
        }
    }

    @inline(never)
    private func tooMuchRecursion(at location: SourceLocation) -> RuntimeError {
        if callDepth > maximumCallDepth {
            return RuntimeError("too much recursion: more than \(maximumCallDepth) nested calls", at: location)
        }
        return RuntimeError("too much recursion: calls and expressions are nested too deeply", at: location)
    }

    /// `error` with the call it unwinds through added to its trace.
    @inline(never)
    private static func traced(_ error: RuntimeError, through compiled: CompiledFunction, at location: SourceLocation) -> RuntimeError {
        var error = error
        error.trace.append(TraceEntry(function: compiled.name, callSite: location))
        return error
    }

    /// A closure of `declaration` in `frame`. The body is compiled with the first closure (the
    /// resolver has rewritten it by then) and shared by the later ones.
    func closure(_ declaration: FunctionDecl, captured frame: Frame) -> Closure {
        Closure(declaration: declaration, captured: frame, compiled: declaration.compiled ?? compile(declaration))
    }

    private func compile(_ declaration: FunctionDecl) -> CompiledFunction {
        let body = CompiledFunction(declaration, chunk: CodeGenerator.function(declaration, on: self))
        declaration.compiled = body
        return body
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
