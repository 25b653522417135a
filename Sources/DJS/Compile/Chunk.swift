/// The compiled code of one function, or of a program's top level: its instructions and the
/// tables they refer to by index (see `Instruction`).
///
/// Everything is kept in buffers of its own rather than arrays: the machine reads them
/// through pointers, without the retain and release that reading an array property of a
/// class costs, nor its bounds checks (the code generator only emits indexes it made).
final class Chunk {
    let code: UnsafeMutableBufferPointer<Instruction>
    /// Where each instruction comes from in the source, for its errors.
    let locations: UnsafeMutableBufferPointer<SourceLocation>
    let constants: UnsafeMutableBufferPointer<Value>
    /// The `x.name` sites, held by `memberSites`; the machine borrows each through its
    /// unmanaged reference, which costs no retain and release of the site, its name or its memo.
    let members: UnsafeMutableBufferPointer<Unmanaged<MemberSite>>
    private let memberSites: [MemberSite]
    let callSites: UnsafeMutableBufferPointer<CallSite>
    let keySets: UnsafeMutableBufferPointer<[String]>
    let templates: UnsafeMutableBufferPointer<Template>
    let functions: UnsafeMutableBufferPointer<FunctionDecl>
    /// Code the register machine leaves to the closure compiler (`Compiler`): constructs that
    /// are rare in loops (`try`, map literals with computed or repeated keys, expressions
    /// nested too deeply to generate).
    let fallbackExpressions: UnsafeMutableBufferPointer<Eval>
    let fallbackStatements: UnsafeMutableBufferPointer<Step>
    /// Registers this code needs: the variables' slots, then the temporaries.
    let registerCount: Int

    init(code: [Instruction], locations: [SourceLocation], constants: [Value], members: [MemberSite],
         callSites: [CallSite], keySets: [[String]], templates: [Template], functions: [FunctionDecl],
         fallbackExpressions: [Eval], fallbackStatements: [Step], registerCount: Int) {
        self.code = Chunk.buffer(code)
        self.locations = Chunk.buffer(locations)
        self.constants = Chunk.buffer(constants)
        self.memberSites = members
        self.members = Chunk.buffer(members.map { Unmanaged.passUnretained($0) })
        self.callSites = Chunk.buffer(callSites)
        self.keySets = Chunk.buffer(keySets)
        self.templates = Chunk.buffer(templates)
        self.functions = Chunk.buffer(functions)
        self.fallbackExpressions = Chunk.buffer(fallbackExpressions)
        self.fallbackStatements = Chunk.buffer(fallbackStatements)
        self.registerCount = registerCount
    }

    private static func buffer<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        return UnsafeMutableBufferPointer(rebasing: buffer[..<elements.count])
    }

    private static func free<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
        buffer.baseAddress!.deinitialize(count: buffer.count)
        buffer.baseAddress!.deallocate()
    }

    deinit {
        Chunk.free(code)
        Chunk.free(locations)
        Chunk.free(constants)
        Chunk.free(members)
        Chunk.free(callSites)
        Chunk.free(keySets)
        Chunk.free(templates)
        Chunk.free(functions)
        Chunk.free(fallbackExpressions)
        Chunk.free(fallbackStatements)
    }
}

/// `x.name`: the name, and where this site last found it in a map (see `KeyMemo`).
final class MemberSite {
    let name: String
    let memo = KeyMemo()

    init(name: String) { self.name = name }
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
