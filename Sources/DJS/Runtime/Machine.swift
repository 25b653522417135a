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
        let locations = chunk.locations.baseAddress!
        /// Operand `index`: a register, or global `~index` (whose buffer is read each time: it
        /// can only move between runs, but reading it is one load).
        @inline(__always) func at(_ index: Int) -> UnsafeMutablePointer<Value> {
            index >= 0 ? registers + index : globalValues.base + ~index
        }
        var pc = 0
        while true {
            let instruction = code[pc]
            pc += 1
            let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
            switch instruction.op {
            case .loadConstant:
                at(a).pointee = chunk.constants[b]
            case .loadInteger:
                at(a).store(.int(b))
            case .move:
                at(a).pointee = at(b).pointee
            case .getCaptured:
                at(a).pointee = frame.ancestor(b).slots[c]
            case .setCaptured:
                frame.ancestor(a).slots[b] = at(c).pointee
            case .arithmetic:
                if case .int(let x) = at(b).pointee, case .int(let y) = at(c).pointee,
                   let result = instruction.binary.integers(x, y) {
                    at(a).store(result)
                } else {
                    at(a).pointee = try Operators.binary(instruction.binary, at(b).pointee, at(c).pointee, at: locations[pc - 1])
                }
            case .arithmeticConstant:
                if case .int(let x) = at(b).pointee, let result = instruction.binary.integers(x, c) {
                    at(a).store(result)
                } else {
                    at(a).pointee = try Operators.binary(instruction.binary, at(b).pointee, .int(c), at: locations[pc - 1])
                }
            case .unary:
                let op: UnaryOperator = instruction.binary == .subtract ? .negate : .not
                at(a).pointee = try Operators.unary(op, at(b).pointee, at: locations[pc - 1])
            case .compareJump:
                let truth: Bool
                if case .int(let x) = at(b).pointee, case .int(let y) = at(c).pointee {
                    truth = instruction.binary.compare(x, y)
                } else {
                    truth = try compare(instruction.binary, at(b).pointee, at(c).pointee, at: locations[pc - 1])
                }
                if truth == instruction.when { pc = a }
            case .compareConstantJump:
                let truth: Bool
                if case .int(let x) = at(b).pointee {
                    truth = instruction.binary.compare(x, c)
                } else {
                    truth = try compare(instruction.binary, at(b).pointee, .int(c), at: locations[pc - 1])
                }
                if truth == instruction.when { pc = a }
            case .testJump:
                guard case .bool(let truth) = at(b).pointee else {
                    throw Self.notABool(at(b).pointee, test: TruthTest(rawValue: instruction.c) ?? .condition, at: locations[pc - 1])
                }
                if truth == instruction.when { pc = a }
            case .jump:
                pc = a
            case .tick:
                try tick(at: locations[pc - 1])
            case .getMember:
                let site = chunk.members.baseAddress! + c
                if case .map(let map) = at(b).pointee, let value = map.value(forKey: site.pointee.name, memo: site.pointee.memo) {
                    at(a).pointee = value
                } else {
                    at(a).pointee = try Members.get(at(b).pointee, site.pointee.name, at: locations[pc - 1])
                }
            case .setMember:
                let name = chunk.members[c].name
                guard case .map(let map) = at(a).pointee else {
                    throw RuntimeError("cannot set field '\(name)' on \(at(a).pointee.typeName)", at: locations[pc - 1])
                }
                map[name] = at(b).pointee
            case .getIndex:
                // A list at an index in range, the usual case, is answered here.
                if case .list(let list) = at(b).pointee, case .int(let offset) = at(c).pointee, list.items.indices.contains(offset) {
                    at(a).pointee = list.items[offset]
                } else {
                    at(a).pointee = try Members.index(at(b).pointee, at(c).pointee, at: locations[pc - 1])
                }
            case .setIndex:
                try Members.setIndex(at(a).pointee, at(b).pointee, to: at(c).pointee, at: locations[pc - 1])
            case .call:
                at(a).pointee = try callPositional(registers + b, arguments: registers + b + 1,
                                                   count: Int(instruction.count), at: locations[pc - 1])
            case .callVariable:
                at(a).pointee = try callPositional(at(c), arguments: registers + b + 1,
                                                   count: Int(instruction.count), at: locations[pc - 1])
            case .callNamed:
                let site = chunk.callSites[c]
                var positional: [Value] = []
                var named: [(label: String, value: Value, location: SourceLocation)] = []
                for (offset, label) in site.labels.enumerated() {
                    let value = registers[b + 1 + offset]
                    if let label { named.append((label, value, site.locations[offset])) } else { positional.append(value) }
                }
                at(a).pointee = try call(registers[b], positional, named: named, at: locations[pc - 1])
            case .returnValue:
                return at(a).pointee
            case .makeList:
                at(a).pointee = .list(ListRef(Array(UnsafeBufferPointer(start: registers + b, count: c))))
            case .makeRecord:
                let keys = chunk.keySets[c]
                at(a).pointee = .map(MapRef(distinctKeys: keys, values: Array(UnsafeBufferPointer(start: registers + b, count: keys.count))))
            case .interpolate:
                at(a).pointee = .string(Self.interpolate(chunk.templates[c], values: registers + b))
            case .makeClosure:
                at(a).pointee = .function(closure(chunk.functions[c], captured: frame))
            case .forPrepare:
                try Self.prepareLoop(over: registers + b, at: locations[pc - 1])
            case .forNext:
                guard let element = Self.nextElement(registers + b) else {
                    pc = a
                    continue
                }
                try tick(at: locations[pc - 1])
                at(c).pointee = element
            case .addInPlace:
                try InPlaceAdd.add(at(b).pointee, to: at(a), readBefore: instruction.when ? at(c) : nil,
                                   at: locations[pc - 1])
            case .evaluate:
                at(a).pointee = try chunk.fallbackExpressions[b].run(frame)
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
    private func callPositional(_ callee: UnsafeMutablePointer<Value>, arguments: UnsafeMutablePointer<Value>, count: Int,
                                at location: SourceLocation) throws -> Value {
        if case .function(let closure) = callee.pointee, closure.compiled.parameterCount == count {
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
        if count == 2, case .builtin(let builtin) = callee.pointee, let shortcut = builtin.twoArguments,
           let result = shortcut(arguments[0], arguments[1]) {
            return result
        }
        return try call(callee.pointee, Array(UnsafeBufferPointer(start: arguments, count: count)), named: [], at: location)
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

extension UnsafeMutablePointer where Pointee == Value {
    /// Stores a value that holds no reference (a number, a bool, null). When the old value
    /// holds none either, there is nothing to release: it is overwritten without the call
    /// that destroying an enum with reference payloads otherwise costs.
    @inline(__always)
    func store(_ scalar: Value) {
        switch pointee {
        case .null, .bool, .int, .float, .time, .duration: initialize(to: scalar)
        default: pointee = scalar
        }
    }
}
