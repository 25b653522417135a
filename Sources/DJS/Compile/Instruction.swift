/// One instruction of the register machine (see `Machine`): 20 bytes, no references.
///
/// Operands name registers: a register is a slot of the running call's `Frame`. The first
/// slots are the function's variables, as the resolver numbered them; the code generator
/// puts its temporaries after them. A negative operand `~g` names global variable `g`
/// instead, so that top-level code (whose variables are globals) reads and writes them in
/// place as a function does its locals. Because an instruction holds only integers, reading one
/// costs no reference counting; anything bigger (strings, closures, keys) lives in the
/// `Chunk`'s tables and an operand gives its index there.
struct Instruction {
    var op: Opcode
    /// The operator of `arithmetic`, `arithmeticConstant`, `compareJump` and
    /// `compareConstantJump`; for `unary`, `.subtract` means `-x` and anything else `not x`.
    var binary: BinaryOperator = .add
    /// For conditional jumps: jump when the test gives this. For `addInPlace`: the left value
    /// was copied aside (R[c]) before the right side was evaluated.
    var when: Bool = false
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    /// The argument count of the calls.
    var count: Int32 = 0

    init(_ op: Opcode, _ a: Int, _ b: Int = 0, _ c: Int = 0, count: Int = 0,
         binary: BinaryOperator = .add, when: Bool = false) {
        self.op = op
        self.a = Int32(truncatingIfNeeded: a)
        self.b = Int32(truncatingIfNeeded: b)
        self.c = Int32(truncatingIfNeeded: c)
        self.count = Int32(truncatingIfNeeded: count)
        self.binary = binary
        self.when = when
    }
}

/// What an instruction does. `R[x]` is register x (or global ~x when x < 0), `K[x]` constant x
/// of the chunk.
enum Opcode: UInt8 {
    /// R[a] = K[b]
    case loadConstant
    /// R[a] = the integer b (a literal that fits in 32 bits)
    case loadInteger
    /// R[a] = R[b]
    case move
    /// R[a] = the variable in slot c of the frame b levels up the closure chain
    case getCaptured
    /// that variable (slot b, a levels up) = R[c]
    case setCaptured
    /// R[a] = R[b] op R[c]
    case arithmetic
    /// R[a] = R[b] op the integer c
    case arithmeticConstant
    /// R[a] = -R[b] (binary == .subtract) or not R[b] (any other)
    case unary
    /// jump to a when (R[b] op R[c]) == when
    case compareJump
    /// jump to a when (R[b] op the integer c) == when
    case compareConstantJump
    /// jump to a when R[b] == when; R[b] must be a bool (c says which error: `TruthTest`)
    case testJump
    /// jump to a
    case jump
    /// R[a] = R[b].name, name and its memo are member c of the chunk
    case getMember
    /// R[a].name = R[b], name is member c
    case setMember
    /// R[a] = R[b][R[c]]
    case getIndex
    /// R[a][R[b]] = R[c]
    case setIndex
    /// R[a] = R[b](R[b+1], …, R[b+count]): all arguments positional
    case call
    /// R[a] = R[c](R[b], …, R[b+count-1]): the function read from where it lies (a variable)
    case callVariable
    /// R[a] = R[b](R[b+1], …) with named arguments: call site c of the chunk says which
    case callNamed
    /// count a step (Ctrl-C, `--max-steps`): a `while` loop's turn
    case tick
    /// return R[a]
    case returnValue
    /// R[a] = [R[b], …, R[b+c-1]]
    case makeList
    /// append R[b] to the list in R[a] (a comprehension's result)
    case appendElement
    /// R[a] = {K: R[b], …}: the keys are key set c of the chunk (distinct, written in the source)
    case makeRecord
    /// R[a] = the text of template c, its values in R[b]…
    case interpolate
    /// R[a] = a closure of function c of the chunk over this frame
    case makeClosure
    /// prepare a loop over R[b], in R[b]…R[b+3]: for a range its start, the position, the count
    /// and the step (all integers); for anything else a list of its elements, the position, null
    case forPrepare
    /// the next element of the loop prepared in R[b] into R[c], counting a step, and jump back to
    /// the loop's body at a; when there is none, go on
    case forNext
    /// R[a] = R[c] + R[b] (when `when` is false: R[a] + R[b]), appending in place when R[a] holds
    /// a string (see `InPlaceAdd`)
    case addInPlace
    /// R[a] = fallback expression b of the chunk, evaluated by the closure compiler
    case evaluate
    /// run fallback statement a; when it ends normally skip the next two instructions, which
    /// are the jumps for `break` and for `continue` (b = 1; b = 0: not in a loop)
    case execute
}

/// Which error a `testJump` gives for a value that is not a bool.
enum TruthTest: Int32 {
    case condition = 0, and = 1, or = 2
}
