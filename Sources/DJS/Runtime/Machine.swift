/// The register machine: runs a `Chunk` in a frame whose slots are its registers.
///
/// One loop, one `switch` on the opcode. Integer arithmetic and comparisons are answered
/// inline; everything else (other types, overflow, every error) goes to the same functions
/// the closure compiler uses (`Operators`, `Members`, `Interpreter.call`), so results and
/// error messages are the same whichever engine runs the code. An instruction that fails
/// reports the source location the code generator recorded for it.
extension Interpreter {
    func execute(_ chunk: Chunk, in frame: Frame) throws -> Value {
        let registers = frame.slots
        let code = chunk.code.baseAddress!
        // Local copies: reading a class's array property in the loop would retain it each time.
        let locations = chunk.locations
        let constants = chunk.constants
        var pc = 0
        while true {
            let instruction = code[pc]
            pc += 1
            let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
            switch instruction.op {
            case .loadConstant:
                registers[a] = constants[b]
            case .loadInteger:
                registers[a] = .int(b)
            case .move:
                registers[a] = registers[b]
            case .getCaptured:
                registers[a] = frame.ancestor(b).slots[c]
            case .setCaptured:
                frame.ancestor(a).slots[b] = registers[c]
            case .getGlobal:
                registers[a] = globalValues[b]
            case .setGlobal:
                globalValues[a] = registers[b]
            case .arithmetic:
                if case .int(let x) = registers[b], case .int(let y) = registers[c],
                   let result = instruction.binary.integers(x, y) {
                    registers[a] = result
                } else {
                    registers[a] = try Operators.binary(instruction.binary, registers[b], registers[c], at: locations[pc - 1])
                }
            case .arithmeticConstant:
                if case .int(let x) = registers[b], let result = instruction.binary.integers(x, c) {
                    registers[a] = result
                } else {
                    registers[a] = try Operators.binary(instruction.binary, registers[b], .int(c), at: locations[pc - 1])
                }
            case .unary:
                let op: UnaryOperator = instruction.binary == .subtract ? .negate : .not
                registers[a] = try Operators.unary(op, registers[b], at: locations[pc - 1])
            case .compareJump:
                let truth: Bool
                if case .int(let x) = registers[b], case .int(let y) = registers[c] {
                    truth = instruction.binary.compare(x, y)
                } else {
                    truth = try compare(instruction.binary, registers[b], registers[c], at: locations[pc - 1])
                }
                if truth == instruction.when { pc = a }
            case .compareConstantJump:
                let truth: Bool
                if case .int(let x) = registers[b] {
                    truth = instruction.binary.compare(x, c)
                } else {
                    truth = try compare(instruction.binary, registers[b], .int(c), at: locations[pc - 1])
                }
                if truth == instruction.when { pc = a }
            case .testJump:
                guard case .bool(let truth) = registers[b] else {
                    throw Self.notABool(registers[b], test: TruthTest(rawValue: instruction.c) ?? .condition, at: locations[pc - 1])
                }
                if truth == instruction.when { pc = a }
            case .jump:
                pc = a
            case .tick:
                try tick(at: locations[pc - 1])
            case .getMember:
                let site = chunk.members[c]
                if case .map(let map) = registers[b], let value = map.value(forKey: site.name, memo: site.memo) {
                    registers[a] = value
                } else {
                    registers[a] = try Members.get(registers[b], site.name, at: locations[pc - 1])
                }
            case .setMember:
                let name = chunk.members[c].name
                guard case .map(let map) = registers[a] else {
                    throw RuntimeError("cannot set field '\(name)' on \(registers[a].typeName)", at: locations[pc - 1])
                }
                map[name] = registers[b]
            case .getIndex:
                // A list at an index in range, the usual case, is answered here.
                if case .list(let list) = registers[b], case .int(let offset) = registers[c], list.items.indices.contains(offset) {
                    registers[a] = list.items[offset]
                } else {
                    registers[a] = try Members.index(registers[b], registers[c], at: locations[pc - 1])
                }
            case .setIndex:
                try Members.setIndex(registers[a], registers[b], to: registers[c], at: locations[pc - 1])
            case .call:
                registers[a] = try callPositional(registers[b], arguments: registers + b + 1,
                                                  count: Int(instruction.count), at: locations[pc - 1])
            case .callGlobal:
                registers[a] = try callPositional(globalValues[c], arguments: registers + b + 1,
                                                  count: Int(instruction.count), at: locations[pc - 1])
            case .callNamed:
                let site = chunk.callSites[c]
                var positional: [Value] = []
                var named: [(label: String, value: Value, location: SourceLocation)] = []
                for (offset, label) in site.labels.enumerated() {
                    let value = registers[b + 1 + offset]
                    if let label { named.append((label, value, site.locations[offset])) } else { positional.append(value) }
                }
                registers[a] = try call(registers[b], positional, named: named, at: locations[pc - 1])
            case .returnValue:
                return registers[a]
            case .makeList:
                registers[a] = .list(ListRef(Array(UnsafeBufferPointer(start: registers + b, count: c))))
            case .makeRecord:
                let keys = chunk.keySets[c]
                registers[a] = .map(MapRef(distinctKeys: keys, values: Array(UnsafeBufferPointer(start: registers + b, count: keys.count))))
            case .interpolate:
                registers[a] = .string(Self.interpolate(chunk.templates[c], values: registers + b))
            case .makeClosure:
                registers[a] = .function(closure(chunk.functions[c], captured: frame))
            case .forPrepare:
                try Self.prepareLoop(over: registers + b, at: locations[pc - 1])
            case .forNext:
                guard let element = Self.nextElement(registers + b) else {
                    pc = a
                    continue
                }
                try tick(at: locations[pc - 1])
                registers[c] = element
            case .addInPlace:
                let variable = instruction.when ? globalValues.base + a : registers + a
                try InPlaceAdd.add(registers[b], to: variable, readBefore: c >= 0 ? registers + c : nil,
                                   at: locations[pc - 1])
            case .evaluate:
                registers[a] = try chunk.fallbackExpressions[b].run(frame)
            case .execute:
                switch try chunk.fallbackStatements[a].run(frame) {
                case .normal:
                    if b == 1 { pc += 2 }
                case .breakLoop(let location):
                    guard b == 1 else { throw RuntimeError("'break' and 'continue' belong inside a loop", at: location) }
                case .continueLoop(let location):
                    guard b == 1 else { throw RuntimeError("'break' and 'continue' belong inside a loop", at: location) }
                    pc += 1
                case .returned(let value):
                    return value
                }
            }
        }
    }

    /// Calls a function with the `count` arguments at `arguments`. A user function that takes
    /// exactly those (nearly every call) gets them moved straight into its new frame.
    @inline(__always)
    private func callPositional(_ function: Value, arguments: UnsafeMutablePointer<Value>, count: Int,
                                at location: SourceLocation) throws -> Value {
        if case .function(let closure) = function, closure.compiled.parameterCount == count {
            let compiled = closure.compiled
            var callFrame = compiled.frame(parent: closure.captured)
            let slots = callFrame.slots
            // A new or recycled frame's slots are all null, which needs no deinitializing.
            for index in 0..<count {
                (slots + index).initialize(to: (arguments + index).move())
                (arguments + index).initialize(to: .null)
            }
            let result = try invoke(compiled, in: callFrame, at: location)
            compiled.recycle(&callFrame)
            return result
        }
        if count == 2, case .builtin(let builtin) = function, let shortcut = builtin.twoArguments,
           let result = shortcut(arguments[0], arguments[1]) {
            return result
        }
        return try call(function, Array(UnsafeBufferPointer(start: arguments, count: count)), named: [], at: location)
    }

    /// A comparison that is not of two integers: string equality inline, the rest through
    /// `Operators`, whose result for a comparison is always a bool.
    private func compare(_ op: BinaryOperator, _ left: Value, _ right: Value, at location: SourceLocation) throws -> Bool {
        if op == .equal || op == .notEqual, case .string(let x) = left, case .string(let y) = right {
            return (x == y) == (op == .equal)
        }
        guard case .bool(let truth) = try Operators.binary(op, left, right, at: location) else { return false }
        return truth
    }

    private static func notABool(_ value: Value, test: TruthTest, at location: SourceLocation) -> RuntimeError {
        switch test {
        case .condition:
            RuntimeError("a condition must be true or false, got \(value.typeName)", at: location,
                         notes: ["compare explicitly, e.g. 'len(xs) > 0' or 'x != null'"])
        case .and:
            RuntimeError("'and' needs true or false on both sides, got \(value.typeName)", at: location)
        case .or:
            RuntimeError("'or' needs true or false on both sides, got \(value.typeName)", at: location)
        }
    }

    private static func interpolate(_ template: Template, values: UnsafeMutablePointer<Value>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var text = TextBuilder(buffer: buffer)
            for piece in template.pieces {
                switch piece {
                case .text(let fixed): text.append(fixed)
                case .value(let offset): text.append(values[offset])
                }
            }
            return text.finish()
        }
    }

    /// Turns the value a `for` loop goes over (in `state[0]`) into what `nextElement` walks: a
    /// range as it is, anything else as a list of its elements taken now, so that changing a
    /// list inside its own loop does not change the loop. `state[1]` is the position.
    private static func prepareLoop(over state: UnsafeMutablePointer<Value>, at location: SourceLocation) throws {
        switch state[0] {
        case .range:
            break
        case .list(let list):
            state[0] = .list(ListRef(list.items))
        case .map(let map):
            state[0] = .list(ListRef(map.keys.map { .string($0) }))
        case .string(let text):
            state[0] = .list(ListRef(text.map { .string(String($0)) }))
        default:
            throw RuntimeError("cannot iterate over \(state[0].typeName)", at: location,
                               notes: ["a for loop goes over a list, a map's keys, a string or a range"])
        }
        state[1] = .int(0)
    }

    /// The loop's next element, advancing its position; nil at the end.
    @inline(__always)
    private static func nextElement(_ state: UnsafeMutablePointer<Value>) -> Value? {
        guard case .int(let position) = state[1] else { return nil }
        switch state[0] {
        case .range(let range):
            guard position < range.count else { return nil }
            state[1] = .int(position + 1)
            return .int(range.element(position))
        case .list(let list):
            guard position < list.items.count else { return nil }
            state[1] = .int(position + 1)
            return list.items[position]
        default:
            return nil
        }
    }
}
