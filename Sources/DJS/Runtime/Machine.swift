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
                at(a).assign(from: chunk.constants.baseAddress! + b)
            case .loadInteger:
                at(a).store(.int(b))
            case .move:
                at(a).assign(from: at(b))
            case .getCaptured:
                at(a).assign(from: frame.ancestor(b).slots + c)
            case .setCaptured:
                (frame.ancestor(a).slots + b).assign(from: at(c))
            case .arithmetic:
                if case .int(let x) = at(b).pointee, case .int(let y) = at(c).pointee,
                   let result = instruction.binary.integers(x, y) {
                    at(a).store(result)
                } else {
                    try Self.arithmetic(instruction.binary, at(b), at(c), into: at(a), at: locations + pc - 1)
                }
            case .arithmeticConstant:
                if case .int(let x) = at(b).pointee, let result = instruction.binary.integers(x, c) {
                    at(a).store(result)
                } else {
                    try Self.arithmetic(instruction.binary, at(b), constant: c, into: at(a), at: locations + pc - 1)
                }
            case .unary:
                let op: UnaryOperator = instruction.binary == .subtract ? .negate : .not
                at(a).pointee = try Operators.unary(op, at(b).pointee, at: locations[pc - 1])
            case .compareJump:
                let truth: Bool
                if case .int(let x) = at(b).pointee, case .int(let y) = at(c).pointee {
                    truth = instruction.binary.compare(x, y)
                } else {
                    truth = try Self.compare(instruction.binary, at(b), at(c), at: locations + pc - 1)
                }
                if truth == instruction.when { pc = a }
            case .compareConstantJump:
                let truth: Bool
                if case .int(let x) = at(b).pointee {
                    truth = instruction.binary.compare(x, c)
                } else {
                    truth = try Self.compare(instruction.binary, at(b), constant: c, at: locations + pc - 1)
                }
                if truth == instruction.when { pc = a }
            case .testJump:
                guard case .bool(let truth) = at(b).pointee else {
                    throw Self.notABool(at(b), test: instruction.c, at: locations + pc - 1)
                }
                if truth == instruction.when { pc = a }
            case .jump:
                pc = a
            case .tick:
                try tick(at: locations + pc - 1)
            case .getMember:
                try Self.getMember(chunk.members.baseAddress! + c, of: at(b), into: at(a), at: locations + pc - 1)
            case .setMember:
                try Self.setMember(chunk.members.baseAddress! + c, of: at(a), to: at(b), at: locations + pc - 1)
            case .getIndex:
                try Self.getIndex(at(b), at(c), into: at(a), at: locations + pc - 1)
            case .setIndex:
                try Members.setIndex(at(a).pointee, at(b).pointee, to: at(c).pointee, at: locations[pc - 1])
            // A call's result is stored once the call has returned: the destination may be a
            // global, and only then is its address taken.
            case .call:
                let result = try callPositional(registers + b, arguments: registers + b + 1,
                                                count: Int(instruction.count), at: locations[pc - 1])
                at(a).pointee = result
            case .callVariable:
                let result = try callPositional(at(c), arguments: registers + b,
                                                count: Int(instruction.count), at: locations[pc - 1])
                at(a).pointee = result
            case .callNamed:
                let result = try callNamed(registers + b, site: chunk.callSites.baseAddress! + c, at: locations + pc - 1)
                at(a).pointee = result
            case .returnValue:
                return at(a).pointee
            case .makeList:
                Self.makeList(registers + b, count: c, into: at(a))
            case .appendElement:
                Self.append(at(b), to: at(a))
            case .makeRecord:
                Self.makeRecord(keys: chunk.keySets.baseAddress! + c, values: registers + b, into: at(a))
            case .interpolate:
                Self.interpolate(chunk.templates.baseAddress! + c, values: registers + b, into: at(a))
            case .makeClosure:
                makeClosure(chunk.functions.baseAddress! + c, in: frame, into: at(a))
            case .forPrepare:
                try Self.prepareLoop(over: registers + b, at: locations + pc - 1)
            case .forNext:
                guard let element = Self.nextElement(registers + b) else { continue }
                try tick(at: locations + pc - 1)
                at(c).pointee = element
                pc = a
            case .addInPlace:
                try InPlaceAdd.add(at(b).pointee, to: at(a), readBefore: instruction.when ? at(c) : nil,
                                   at: locations[pc - 1])
            case .evaluate:
                let result = try Self.evaluate(chunk.fallbackExpressions.baseAddress! + b, in: frame)
                at(a).pointee = result
            case .execute:
                // Ends normally: skip the two jumps; `break`: take the first; `continue`: the second.
                switch try Self.execute(chunk.fallbackStatements.baseAddress! + a, in: frame, inLoop: b == 1) {
                case .normal: if b == 1 { pc += 2 }
                case .breakLoop: break
                case .continueLoop: pc += 1
                case .returned(let value): return value
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
            return try call(closure, at: location) { slots in
                // A new or recycled frame's slots are all null, which needs no deinitializing.
                for index in 0..<count {
                    (slots + index).initialize(to: (arguments + index).move())
                    (arguments + index).initialize(to: .null)
                }
            }
        }
        if case .builtin(let builtin) = callee.pointee, let result = Self.fastPath(of: builtin, arguments, count: count) {
            Self.clear(arguments, count: count)
            return result
        }
        return try call(callee.pointee, Self.take(arguments, count: count), named: [], at: location)
    }

    /// The `count` values at `first`, moved out of their temporaries, which are left null.
    /// A temporary that kept its copy would keep a second reference to the value: a string
    /// later appended to in place (`InPlaceAdd`) would then be copied, and a big value kept
    /// alive for as long as the frame.
    private static func take(_ first: UnsafeMutablePointer<Value>, count: Int) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append((first + index).move())
            (first + index).initialize(to: .null)
        }
        return values
    }

    /// Drops what `count` temporaries hold (after a built-in's fast path used them).
    private static func clear(_ first: UnsafeMutablePointer<Value>, count: Int) {
        for index in 0..<count { (first + index).store(.null) }
    }

    // MARK: - Out of the loop
    // The work of instructions that are not the simplest, in functions of their own: kept
    // inline, it made the loop's function so big that every call paid for its set-up.

    @inline(never)
    private static func arithmetic(_ op: BinaryOperator, _ left: UnsafeMutablePointer<Value>, _ right: UnsafeMutablePointer<Value>,
                                   into result: UnsafeMutablePointer<Value>, at location: UnsafePointer<SourceLocation>) throws {
        result.pointee = try Operators.binary(op, left.pointee, right.pointee, at: location.pointee)
    }

    /// A built-in's answer without its `Arguments`, when it has a fast path for this many
    /// arguments and the path takes them (see `Builtin`).
    @inline(__always)
    private static func fastPath(of builtin: Builtin, _ arguments: UnsafeMutablePointer<Value>, count: Int) -> Value? {
        switch count {
        case 1: builtin.oneArgument?(arguments[0])
        case 2: builtin.twoArguments?(arguments[0], arguments[1])
        case 3: builtin.threeArguments?(arguments[0], arguments[1], arguments[2])
        default: nil
        }
    }

    /// The same with an integer constant on the right (an address taken of a local in the
    /// loop's function would make the compiler guard its whole stack frame).
    @inline(never)
    private static func arithmetic(_ op: BinaryOperator, _ left: UnsafeMutablePointer<Value>, constant: Int,
                                   into result: UnsafeMutablePointer<Value>, at location: UnsafePointer<SourceLocation>) throws {
        result.pointee = try Operators.binary(op, left.pointee, .int(constant), at: location.pointee)
    }

    @inline(never)
    private static func compare(_ op: BinaryOperator, _ left: UnsafeMutablePointer<Value>, constant: Int,
                                at location: UnsafePointer<SourceLocation>) throws -> Bool {
        guard case .bool(let truth) = try Operators.binary(op, left.pointee, .int(constant), at: location.pointee) else { return false }
        return truth
    }

    /// A comparison that is not of two integers: string equality inline, the rest through
    /// `Operators`, whose result for a comparison is always a bool.
    @inline(never)
    private static func compare(_ op: BinaryOperator, _ left: UnsafeMutablePointer<Value>, _ right: UnsafeMutablePointer<Value>,
                                at location: UnsafePointer<SourceLocation>) throws -> Bool {
        if op == .equal || op == .notEqual, case .string(let x) = left.pointee, case .string(let y) = right.pointee {
            return (x == y) == (op == .equal)
        }
        guard case .bool(let truth) = try Operators.binary(op, left.pointee, right.pointee, at: location.pointee) else { return false }
        return truth
    }

    @inline(never)
    private static func notABool(_ value: UnsafeMutablePointer<Value>, test: Int32, at location: UnsafePointer<SourceLocation>) -> RuntimeError {
        RuntimeError.notABool(value.pointee, in: TruthTest(rawValue: test) ?? .condition, at: location.pointee)
    }

    @inline(never)
    private static func getMember(_ site: UnsafeMutablePointer<Unmanaged<MemberSite>>, of object: UnsafeMutablePointer<Value>,
                                  into result: UnsafeMutablePointer<Value>, at location: UnsafePointer<SourceLocation>) throws {
        try site.pointee._withUnsafeGuaranteedRef { site in
            if case .map(let map) = object.pointee, let value = map.value(forKey: site.name, memo: site.memo) {
                result.pointee = value
            } else {
                result.pointee = try Members.get(object.pointee, site.name, at: location.pointee)
            }
        }
    }

    @inline(never)
    private static func setMember(_ site: UnsafeMutablePointer<Unmanaged<MemberSite>>, of object: UnsafeMutablePointer<Value>,
                                  to value: UnsafeMutablePointer<Value>, at location: UnsafePointer<SourceLocation>) throws {
        try site.pointee._withUnsafeGuaranteedRef { site in
            guard case .map(let map) = object.pointee else {
                throw RuntimeError.cannotSetField(site.name, on: object.pointee, at: location.pointee)
            }
            map[site.name] = value.pointee
        }
    }

    @inline(never)
    private static func getIndex(_ object: UnsafeMutablePointer<Value>, _ index: UnsafeMutablePointer<Value>,
                                 into result: UnsafeMutablePointer<Value>, at location: UnsafePointer<SourceLocation>) throws {
        // A list at an index in range, the usual case, is answered here.
        if case .list(let list) = object.pointee, case .int(let offset) = index.pointee, list.items.indices.contains(offset) {
            result.pointee = list.items[offset]
        } else {
            result.pointee = try Members.index(object.pointee, index.pointee, at: location.pointee)
        }
    }

    @inline(never)
    private func callNamed(_ callee: UnsafeMutablePointer<Value>, site: UnsafeMutablePointer<CallSite>,
                           at location: UnsafePointer<SourceLocation>) throws -> Value {
        var positional: [Value] = []
        var named: [(label: String, value: Value, location: SourceLocation)] = []
        let arguments = Self.take(callee + 1, count: site.pointee.labels.count)
        for (offset, label) in site.pointee.labels.enumerated() {
            let value = arguments[offset]
            if let label { named.append((label, value, site.pointee.locations[offset])) } else { positional.append(value) }
        }
        return try call(callee.pointee, positional, named: named, at: location.pointee)
    }

    @inline(never)
    private static func makeList(_ elements: UnsafeMutablePointer<Value>, count: Int, into result: UnsafeMutablePointer<Value>) {
        result.pointee = .list(ListRef(take(elements, count: count)))
    }

    @inline(never)
    private static func append(_ element: UnsafeMutablePointer<Value>, to list: UnsafeMutablePointer<Value>) {
        if case .list(let list) = list.pointee { list.items.append(element.pointee) }
    }

    @inline(never)
    private static func makeRecord(keys: UnsafeMutablePointer<[String]>, values: UnsafeMutablePointer<Value>,
                                   into result: UnsafeMutablePointer<Value>) {
        let values = take(values, count: keys.pointee.count)
        result.pointee = .map(MapRef(distinctKeys: keys.pointee, values: values))
    }

    @inline(never)
    private static func interpolate(_ template: UnsafeMutablePointer<Template>, values: UnsafeMutablePointer<Value>,
                                    into result: UnsafeMutablePointer<Value>) {
        let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var text = TextBuilder(buffer: buffer)
            for piece in template.pointee.pieces {
                switch piece {
                case .text(let fixed): text.append(fixed)
                case .value(let offset):
                    text.append(values[offset])
                    (values + offset).store(.null)
                }
            }
            return text.finish()
        }
        result.pointee = .string(text)
    }

    @inline(never)
    private func makeClosure(_ declaration: UnsafeMutablePointer<FunctionDecl>, in frame: Frame, into result: UnsafeMutablePointer<Value>) {
        result.pointee = .function(closure(declaration.pointee, captured: frame))
    }

    @inline(never)
    private static func evaluate(_ expression: UnsafeMutablePointer<Eval>, in frame: Frame) throws -> Value {
        try expression.pointee.run(frame)
    }

    /// Runs a statement the closure compiler compiled; its `break` or `continue` outside a
    /// loop is the error the tree gives.
    @inline(never)
    private static func execute(_ statement: UnsafeMutablePointer<Step>, in frame: Frame, inLoop: Bool) throws -> Flow {
        let flow = try statement.pointee.run(frame)
        switch flow {
        case .breakLoop(let location), .continueLoop(let location):
            if !inLoop { throw RuntimeError("'break' and 'continue' belong inside a loop", at: location) }
        case .normal, .returned:
            break
        }
        return flow
    }

    /// Turns the value a `for` loop goes over (in `state[0]`) into the loop's state, which
    /// `nextElement` walks. A range becomes four integers, its start, the position, its count
    /// and its step, so that a turn reads no object at all. Anything else becomes a list of
    /// its elements taken now (so that changing a list inside its own loop does not change
    /// the loop), the position, and null.
    @inline(never)
    private static func prepareLoop(over state: UnsafeMutablePointer<Value>, at location: UnsafePointer<SourceLocation>) throws {
        switch state[0] {
        case .range(let range):
            state[0] = .int(range.start)
            state[2] = .int(range.count)
            state[3] = .int(range.step)
        case .list(let list):
            state[0] = .list(ListRef(list.items))
            state[2] = .null
        case .map(let map):
            state[0] = .list(ListRef(map.keys.map { .string($0) }))
            state[2] = .null
        case .string(let text):
            state[0] = .list(ListRef(text.map { .string(String($0)) }))
            state[2] = .null
        default:
            throw RuntimeError.cannotIterate(over: state[0], at: location.pointee)
        }
        state[1] = .int(0)
    }

    /// The loop's next element, advancing its position; nil at the end.
    @inline(__always)
    private static func nextElement(_ state: UnsafeMutablePointer<Value>) -> Value? {
        guard case .int(let position) = state[1] else { return nil }
        if case .int(let count) = state[2] {
            // A range: no element is out of it, so `start + position * step` cannot overflow.
            guard position < count, case .int(let start) = state[0], case .int(let step) = state[3] else { return nil }
            (state + 1).store(.int(position + 1))
            return .int(start &+ position &* step)
        }
        guard case .list(let list) = state[0], position < list.items.count else { return nil }
        (state + 1).store(.int(position + 1))
        return list.items[position]
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

    /// `pointee = source.pointee`. A number, bool or null is copied field by field, without
    /// the general copy call (which has to look for a reference to retain).
    @inline(__always)
    func assign(from source: UnsafeMutablePointer<Value>) {
        switch source.pointee {
        case .int(let number): store(.int(number))
        case .bool(let truth): store(.bool(truth))
        case .null: store(.null)
        case .float(let number): store(.float(number))
        case .time(let milliseconds): store(.time(milliseconds))
        case .duration(let milliseconds): store(.duration(milliseconds))
        default: pointee = source.pointee
        }
    }
}
