/// The compiled code of one function, or of a program's top level: its instructions and the
/// tables they refer to by index (see `Instruction`).
final class Chunk {
    /// The instructions, in a buffer of their own: the machine reads them through a pointer,
    /// without the bounds and uniqueness checks of an array.
    let code: UnsafeMutableBufferPointer<Instruction>
    /// Where each instruction comes from in the source, for its errors.
    let locations: [SourceLocation]
    let constants: [Value]
    let members: [MemberSite]
    let callSites: [CallSite]
    let keySets: [[String]]
    let templates: [Template]
    let functions: [FunctionDecl]
    /// Code the register machine leaves to the closure compiler (`Compiler`): constructs that
    /// are rare in loops (`try`, comprehensions).
    let fallbackExpressions: [Eval]
    let fallbackStatements: [Step]
    /// Registers this code needs: the variables' slots, then the temporaries.
    let registerCount: Int

    init(code: [Instruction], locations: [SourceLocation], constants: [Value], members: [MemberSite],
         callSites: [CallSite], keySets: [[String]], templates: [Template], functions: [FunctionDecl],
         fallbackExpressions: [Eval], fallbackStatements: [Step], registerCount: Int) {
        let buffer = UnsafeMutableBufferPointer<Instruction>.allocate(capacity: code.count)
        _ = buffer.initialize(from: code)
        self.code = buffer
        self.locations = locations
        self.constants = constants
        self.members = members
        self.callSites = callSites
        self.keySets = keySets
        self.templates = templates
        self.functions = functions
        self.fallbackExpressions = fallbackExpressions
        self.fallbackStatements = fallbackStatements
        self.registerCount = registerCount
    }

    deinit { code.deallocate() }
}

/// `x.name`: the name, and where this site last found it in a map (see `KeyMemo`).
struct MemberSite {
    let name: String
    let memo: KeyMemo
}

/// A call with named arguments: each argument's label (nil for positional ones) and location.
struct CallSite {
    let labels: [String?]
    let locations: [SourceLocation]
}

/// An interpolated string: fixed texts between values taken from consecutive registers.
struct Template {
    enum Piece {
        case text(String)
        /// The value in the register this many after the first.
        case value(Int)
    }
    let pieces: [Piece]
}
